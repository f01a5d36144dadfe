// Who a principal id is, by name, for people to read (a learner's access log): a staff person's display name
// (else their username) or a credential's name; learners have no name here. Bounded by the tenant: another tenant's principal has no name here.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';

export interface PrincipalName {
  id: string;
  kind: 'person' | 'credential';
  name: string;
}

@Injectable()
export class PrincipalDirectoryRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  /** The people and credentials of the tenant among `ids` (UUIDs), with their names. */
  async namesOf(tenantId: string, ids: readonly string[]): Promise<PrincipalName[]> {
    return this.db.query(
      `SELECT p.id::text AS id, 'person' AS kind, coalesce(p.display_name, p.username) AS name
         FROM consent.person p WHERE p.tenant_id = $1 AND p.id = ANY($2::uuid[])
          -- Staff only: a learner's access log must not name another learner (who may have read a record
          -- about a group both belong to).
          AND EXISTS (SELECT 1 FROM consent.person_role r
                       WHERE r.person_id = p.id AND r.role IN ('admin', 'auditor', 'consumer'))
       UNION ALL
       SELECT c.id::text AS id, 'credential' AS kind, c.name
         FROM consent.credential c WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])
       ORDER BY id`,
      [tenantId, ids],
    );
  }
}
