// The learner as a data subject: every identifier linked to them (the Agents resource combines them into one
// Person, xAPI 2.0 Communication §2.6), and who may export their records (DESIGN "Privacy operations": the
// learner themself, or an admin of their tenant on their request — the CASL `export` action on `Person`).
import { abilityWithoutPolicies, peopleOf } from '@custos/authz';
import {
  type AuthorizeExportReplyV1,
  ForbiddenError,
  type LinkedAgentV1,
  NotFoundError,
  type PrincipalV1,
} from '@custos/contracts';
import { ifiHash } from '@custos/xapi';
import { Injectable } from '@nestjs/common';

import { agentOfIfi } from './agent-link.js';
import { PersonRepository } from './person.repository.js';

const linked = (ifis: readonly string[]): LinkedAgentV1[] =>
  ifis.map((ifi) => ({ agent: agentOfIfi(ifi), ifiHash: ifiHash(ifi) }));

@Injectable()
export class DataSubjectService {
  constructor(private readonly people: PersonRepository) {}

  /** Every identifier of the person the given one is linked to in the tenant; empty when it is not linked. */
  async identifiersOf(tenantId: string, hash: string): Promise<LinkedAgentV1[]> {
    return linked(await this.people.identifiersLinkedTo(tenantId, hash));
  }

  /**
   * Whose records `principal` may export: itself (no `personId`), or with the `export` right on the people of
   * its tenant, that person. Decided before the person is looked up, so a 404 tells only an admin that an id
   * does not exist in their tenant.
   */
  async authorizeExport(principal: PrincipalV1, personId?: string): Promise<AuthorizeExportReplyV1> {
    if (principal.kind !== 'person') {
      throw new ForbiddenError('exports are made for people: log in and use a Bearer token');
    }
    if (
      personId !== undefined &&
      !abilityWithoutPolicies(principal).can('export', peopleOf(principal.tenantId))
    ) {
      throw new ForbiddenError("exporting another person's records needs the admin role");
    }
    const person = await this.people.find(principal.tenantId, { id: personId ?? principal.personId });
    if (!person) throw new NotFoundError('no such person');
    const agents = linked(person.ifis);
    return {
      // Self access over every linked identifier, whatever roles the person holds: the records *about* them.
      dataSubject: {
        kind: 'person',
        tenantId: person.tenantId,
        personId: person.id,
        username: person.username,
        roles: ['learner'],
        groupIds: [],
        agentIfiHashes: agents.map((a) => a.ifiHash),
      },
      agents,
    };
  }
}
