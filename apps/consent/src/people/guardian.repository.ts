// consent.guardian_link, the facts of a learner's minority, and the tenant's age of digital consent. Every query is
// bounded by the tenant (default deny, decided in SQL). Raw SQL (ADR 0008): the minority rule is a SQL expression
// (minority.ts) evaluated by the database's clock.
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';
import { isMinorSql, ofAgeOnSql } from './minority.js';

/** What deciding who acts for a learner needs to know about them, now. */
export interface LearnerFacts {
  learnerId: string;
  minor: boolean;
  guardianIds: string[];
}

/** A learner linked to a guardian, as the guardian's page lists them. */
export interface WardRecord {
  id: string;
  username: string;
  displayName: string | null;
  minor: boolean;
  ofAgeOn: string | null;
}

const DEFAULT_AGE_OF_DIGITAL_CONSENT = 16;

@Injectable()
export class GuardianRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  /** The learner's minority and guardians; null when the tenant has no such person. */
  async learnerFacts(tenantId: string, learnerId: string): Promise<LearnerFacts | null> {
    const rows: { id: string; minor: boolean; guardian_ids: string[] }[] = await this.db.query(
      `SELECT p.id, ${isMinorSql('p')} AS minor,
         ARRAY(SELECT g.guardian_id::text FROM consent.guardian_link g WHERE g.learner_id = p.id
               ORDER BY g.guardian_id) AS guardian_ids
       FROM consent.person p WHERE p.tenant_id = $1 AND p.id = $2`,
      [tenantId, learnerId],
    );
    const r = rows[0];
    return r ? { learnerId: r.id, minor: r.minor, guardianIds: r.guardian_ids } : null;
  }

  /** The learners of the tenant linked to this guardian, by username. */
  async wardsOf(tenantId: string, guardianId: string): Promise<WardRecord[]> {
    const rows: {
      id: string;
      username: string;
      display_name: string | null;
      minor: boolean;
      of_age_on: string | null;
    }[] = await this.db.query(
      `SELECT p.id, p.username, p.display_name, ${isMinorSql('p')} AS minor,
         to_char(${ofAgeOnSql('p')}, 'YYYY-MM-DD') AS of_age_on
       FROM consent.guardian_link g JOIN consent.person p ON p.id = g.learner_id
       WHERE p.tenant_id = $1 AND g.guardian_id = $2
       ORDER BY p.username`,
      [tenantId, guardianId],
    );
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      minor: r.minor,
      ofAgeOn: r.of_age_on,
    }));
  }

  /** Those of `ids` that are people of the tenant holding the `guardian` role. */
  async guardiansAmong(uow: UnitOfWork, tenantId: string, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await uow.manager.query(
      `SELECT p.id FROM consent.person p
       WHERE p.tenant_id = $1 AND p.id = ANY($2::uuid[])
         AND EXISTS (SELECT 1 FROM consent.person_role r WHERE r.person_id = p.id AND r.role = 'guardian')`,
      [tenantId, ids],
    );
    return rows.map((r) => r.id);
  }

  /** Makes `guardianIds` the learner's guardians; answers who was linked and who unlinked. */
  async replaceGuardians(
    uow: UnitOfWork,
    learnerId: string,
    guardianIds: string[],
  ): Promise<{ added: string[]; removed: string[] }> {
    const [removed] = await uow.manager.query<[{ guardian_id: string }[], number]>(
      `DELETE FROM consent.guardian_link WHERE learner_id = $1 AND NOT (guardian_id = ANY($2::uuid[]))
       RETURNING guardian_id`,
      [learnerId, guardianIds],
    );
    const added: { guardian_id: string }[] = await uow.manager.query(
      `INSERT INTO consent.guardian_link (learner_id, guardian_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING guardian_id`,
      [learnerId, guardianIds],
    );
    return {
      added: added.map((r) => r.guardian_id).sort(),
      removed: removed.map((r) => r.guardian_id).sort(),
    };
  }

  async ageOfDigitalConsent(tenantId: string): Promise<number> {
    const rows: { age: number }[] = await this.db.query(
      `SELECT age_of_digital_consent AS age FROM consent.tenant WHERE id = $1`,
      [tenantId],
    );
    // A tenant nobody has created a person in yet has no row: the default applies to it as to every tenant.
    return rows[0]?.age ?? DEFAULT_AGE_OF_DIGITAL_CONSENT;
  }

  async setAgeOfDigitalConsent(uow: UnitOfWork, tenantId: string, age: number): Promise<void> {
    await uow.manager.query(
      `INSERT INTO consent.tenant (id, name, age_of_digital_consent) VALUES ($1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET age_of_digital_consent = EXCLUDED.age_of_digital_consent`,
      [tenantId, age],
    );
  }
}
