import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The erasure jobs (docs/adr/0013-erasure-and-crypto-shredding.md): one row per request to erase a person, with
 * its state and the step it reached, so an erasure survives a crash and resumes where it stopped. `person_id`
 * has no foreign key: the person is deleted by the erasure, the row stays as its record. `subject_hashes` holds
 * the person's identifier hashes only while the job runs (storage needs them after consent has unlinked them)
 * and is emptied when it ends. At most one open erasure per person.
 */
export class CreateErasures1798005000001 implements MigrationInterface {
  name = 'CreateErasures1798005000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.erasure (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        person_id uuid NOT NULL,
        requested_by text NOT NULL CHECK (requested_by IN ('admin', 'self')),
        requester_id text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz,
        approved_by text,
        narrow boolean NOT NULL DEFAULT false,
        state text NOT NULL
          CHECK (state IN ('waiting', 'approved', 'running', 'blocked', 'completed', 'cancelled')),
        step text NOT NULL DEFAULT 'none' CHECK (step IN ('none', 'storage', 'consent', 'seal', 'done')),
        blockers jsonb NOT NULL DEFAULT '[]',
        subject_hashes text[],
        placeholder_name uuid NOT NULL,
        storage_counts jsonb,
        consent_counts jsonb,
        completion jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX erasure_open_key ON consent.erasure (tenant_id, person_id)
        WHERE state IN ('waiting', 'approved', 'running')`,
    );
    await q.query(
      `CREATE INDEX erasure_due_idx ON consent.erasure (due_at) WHERE state IN ('waiting', 'approved', 'running')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.erasure`);
  }
}
