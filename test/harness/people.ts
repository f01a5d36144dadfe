// Creates and changes people straight through the consent part's service (what `custos users`
// does), so each test makes its own people in its own tenant.
import 'reflect-metadata';

import { ConsentModule, PeopleService } from '@custos/consent';
import type { CreatePersonBodyV1, PersonViewV1, UpdatePersonBodyV1 } from '@custos/contracts';
import { inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';

export interface PeopleFactory {
  create: (
    tenantId: string,
    person: Partial<CreatePersonBodyV1> & { username: string },
  ) => Promise<PersonViewV1>;
  update: (tenantId: string, id: string, patch: UpdatePersonBodyV1) => Promise<PersonViewV1>;
  close: () => Promise<void>;
}

export async function peopleFactory(databaseUrl: string): Promise<PeopleFactory> {
  const app: INestApplicationContext = await inProcessContext([
    ConsentModule.forRoot({
      databaseUrl,
      poolSize: 1,
      publicUrl: 'http://127.0.0.1',
      bootstrapOnStart: false,
      // A tool, not a part: it must not take a running cluster's leftover events.
      outboxRelay: false,
    }),
  ]);
  return peopleThrough(app.get(PeopleService), () => app.close());
}

/**
 * People made through a running part's own service (the conformance LRS's): their audit records reach the chain
 * at once through its bus, instead of through the relay a few seconds later.
 */
export function peopleThrough(
  service: PeopleService,
  close: () => Promise<void> = async () => undefined,
): PeopleFactory {
  return {
    create: (tenantId, person) => service.create(tenantId, { roles: [], agents: [], ...person }),
    update: (tenantId, id, patch) => service.update(tenantId, id, patch),
    close,
  };
}
