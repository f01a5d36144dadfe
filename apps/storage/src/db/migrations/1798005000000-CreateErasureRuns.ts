import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What storage did for each erasure (docs/adr/0013-erasure-and-crypto-shredding.md): its counts, written in the
 * transaction that erased, and the signed completion record once sealed. Consent may ask for either step again
 * after a crash; this row is how storage answers the same thing without erasing twice. It holds counts and ids
 * only: no identifier, no identifier hash.
 */
export class CreateErasureRuns1798005000000 implements MigrationInterface {
  name = 'CreateErasureRuns1798005000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.erasure_run (
        tenant_id text NOT NULL,
        erasure_id uuid NOT NULL,
        counts jsonb NOT NULL,
        covered jsonb NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now(),
        completion jsonb,
        sealed_at timestamptz,
        CONSTRAINT erasure_run_pkey PRIMARY KEY (tenant_id, erasure_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.erasure_run`);
  }
}
