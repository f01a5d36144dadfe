// What the audit log's readers need from consent (docs/audit.md "Auditor API", "Learners' access log"): every
// identifier of a person, so an auditor can ask for the records about that person under any of them; and the
// names of principals, so a learner reads who accessed their records. The callers decided who may ask (CASL, in
// query); every look-up here is bounded by the tenant.
import {
  NotFoundError,
  type PersonIdentifiersReplyV1,
  type PersonIdentifiersV1,
  type PrincipalNamesReplyV1,
  type PrincipalNamesV1,
} from '@custos/contracts';
import { isUuid } from '@custos/xapi';
import { Injectable } from '@nestjs/common';

import { PersonRepository } from './person.repository.js';
import { PrincipalDirectoryRepository } from './principal-directory.repository.js';

@Injectable()
export class DirectoryService {
  constructor(
    private readonly people: PersonRepository,
    private readonly directory: PrincipalDirectoryRepository,
  ) {}

  /** The identifier hashes linked to a person of the tenant (an mbox in both its forms); 404 for anyone else. */
  async identifiersOf({ tenantId, personId }: PersonIdentifiersV1): Promise<PersonIdentifiersReplyV1> {
    const person = await this.people.find(tenantId, { id: personId });
    if (!person) throw new NotFoundError('no such person');
    return { ifiHashes: person.ifiHashes };
  }

  /** The names of those ids that are people or credentials of the tenant; other ids are left out. */
  async namesOf({ tenantId, principalIds }: PrincipalNamesV1): Promise<PrincipalNamesReplyV1> {
    // Principals that are not people or credentials (e.g. `system`) have no UUID and no name.
    const ids = [...new Set(principalIds.filter(isUuid).map((id) => id.toLowerCase()))];
    return { principals: ids.length === 0 ? [] : await this.directory.namesOf(tenantId, ids) };
  }
}
