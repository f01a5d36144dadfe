// Creates credentials straight through the consent part's service (what `custos credentials
// create` does), so each test makes its own tenant and keys.
import 'reflect-metadata';

import { randomBytes } from 'node:crypto';

import { ConsentModule, CredentialsService } from '@custos/consent';
import { inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';

export interface TestCredential {
  tenantId: string;
  /** The credential's id (its principal id, e.g. a policy grantee). */
  id: string;
  key: string;
  secret: string;
}

export interface CredentialFactory {
  create: (scopes: string[], tenantId?: string) => Promise<TestCredential>;
  revoke: (key: string) => Promise<void>;
  close: () => Promise<void>;
}

export const aTenant = (): string => `tenant-${randomBytes(5).toString('hex')}`;

export async function credentialFactory(databaseUrl: string): Promise<CredentialFactory> {
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
  return credentialsThrough(app.get(CredentialsService), () => app.close());
}

/**
 * Credentials made through a running part's own service (the conformance LRS's): their audit records reach the
 * chain at once through its bus, instead of through the relay a few seconds later.
 */
export function credentialsThrough(
  service: CredentialsService,
  close: () => Promise<void> = async () => undefined,
): CredentialFactory {
  return {
    create: async (scopes, tenantId = aTenant()) => {
      const { credential, secret } = await service.create({ tenantId, name: 'test', scopes });
      return { tenantId, id: credential.id, key: credential.key, secret };
    },
    revoke: (key) => service.revoke(key),
    close,
  };
}
