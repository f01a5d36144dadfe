import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an imported statement came from (docs/flows.md "Import from another LRS"): the source LRS's endpoint or
 * the issuer of a signed archive, the `stored` the source had given it (the statement itself carries Custos's
 * own `stored`, xAPI 2.0 Data §2.4.8), and the import it arrived with. Statements written here have no row.
 * Deleting the statement (retention, erasure) deletes its provenance with it.
 */
export class CreateStatementProvenance1799003000000 implements MigrationInterface {
  name = 'CreateStatementProvenance1799003000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.statement_provenance (
        statement_seq bigint PRIMARY KEY REFERENCES storage.statement (seq) ON DELETE CASCADE,
        tenant_id text NOT NULL,
        source text NOT NULL,
        original_stored timestamptz,
        import_id uuid NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX statement_provenance_import_idx ON storage.statement_provenance (tenant_id, import_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.statement_provenance`);
  }
}
