import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import jobs (docs/flows.md "Import from another LRS"): one row per import of a source LRS's statements into a
 * tenant, with its counts, the refused statements (ids and reasons, the first 1,000) and its cursor (the source's
 * `more` URL and consistent-through), written after every page so that an interrupted import resumes from the
 * last page written. `runner` names the process running it: a new start takes the job over and the old runner
 * stops at its next page. No secret of the source is kept: resuming asks for the key and secret again.
 */
export class CreateImportJobs1799003000001 implements MigrationInterface {
  name = 'CreateImportJobs1799003000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.import_job (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        source text NOT NULL,
        started_by text NOT NULL,
        state text NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
        runner uuid NOT NULL,
        more_url text,
        consistent_through text,
        pages integer NOT NULL DEFAULT 0,
        imported integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        refused integer NOT NULL DEFAULT 0,
        refusals jsonb NOT NULL DEFAULT '[]',
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX import_job_tenant_idx ON storage.import_job (tenant_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.import_job`);
  }
}
