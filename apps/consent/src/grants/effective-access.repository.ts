// Read-only SQL for a learner's effective access (GET /api/v1/me/effective-access): their grants and objections
// as the access views judge them (expiry against the database clock), and the names of policy grantees. Every
// query is bounded by the tenant, and the learner's records by the person.
import type { GrantScopeV1 } from '@custos/contracts';
import { isUuid } from '@custos/xapi';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';

/** An unrevoked grant of the learner; `expired` is decided by the database's `now()`, as the views do. */
export interface LearnerGrant {
  id: string;
  policyId: string;
  policyVersion: number;
  scope: GrantScopeV1;
  expiresAt: string | null;
  expired: boolean;
}

/** An identifier linked to the learner (canonical IFI), and when. */
export interface LearnerLink {
  ifi: string;
  linkedAt: string;
}

/** An objection of the learner that has not been withdrawn. */
export interface LearnerObjection {
  id: string;
  policyId: string;
}

@Injectable()
export class EffectiveAccessRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  /** Newest first, so the first of a kind is the one the learner acted on last. */
  async grantsOf(tenantId: string, personId: string): Promise<LearnerGrant[]> {
    const rows = await this.db.query<
      {
        id: string;
        policy_id: string;
        policy_version: number;
        scope: GrantScopeV1;
        expires_at: Date | null;
        expired: boolean;
      }[]
    >(
      `SELECT id, policy_id, policy_version, scope, expires_at,
              (expires_at IS NOT NULL AND expires_at <= now()) AS expired
         FROM consent.consent_grant
        WHERE tenant_id = $1 AND person_id = $2 AND revoked_at IS NULL
        ORDER BY granted_at DESC, id`,
      [tenantId, personId],
    );
    return rows.map((r) => ({
      id: r.id,
      policyId: r.policy_id,
      policyVersion: r.policy_version,
      scope: r.scope,
      expiresAt: r.expires_at ? r.expires_at.toISOString() : null,
      expired: r.expired,
    }));
  }

  /** Oldest link first. */
  async linksOf(tenantId: string, personId: string): Promise<LearnerLink[]> {
    const rows = await this.db.query<{ ifi: string; linked_at: Date }[]>(
      `SELECT ifi, linked_at FROM consent.person_agent
        WHERE tenant_id = $1 AND person_id = $2
        ORDER BY linked_at, ifi`,
      [tenantId, personId],
    );
    return rows.map((r) => ({ ifi: r.ifi, linkedAt: r.linked_at.toISOString() }));
  }

  async objectionsOf(tenantId: string, personId: string): Promise<LearnerObjection[]> {
    const rows = await this.db.query<{ id: string; policy_id: string }[]>(
      `SELECT id, policy_id FROM consent.objection
        WHERE tenant_id = $1 AND person_id = $2 AND withdrawn_at IS NULL
        ORDER BY created_at DESC, id`,
      [tenantId, personId],
    );
    return rows.map((r) => ({ id: r.id, policyId: r.policy_id }));
  }

  /** Names of the groups and usernames of the people among policy grantees (unknown ids are left out). */
  async granteeNames(
    tenantId: string,
    groupIds: readonly string[],
    personIds: readonly string[],
  ): Promise<{ groups: Map<string, string>; people: Map<string, string> }> {
    const [groups, people] = await Promise.all([
      this.db.query<{ id: string; name: string }[]>(
        `SELECT id::text, name FROM consent.people_group WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
        [tenantId, groupIds.filter(isUuid)],
      ),
      this.db.query<{ id: string; username: string }[]>(
        `SELECT id::text, username FROM consent.person WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
        [tenantId, personIds.filter(isUuid)],
      ),
    ]);
    return {
      groups: new Map(groups.map((g) => [g.id, g.name])),
      people: new Map(people.map((p) => [p.id, p.username])),
    };
  }
}
