import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStatementTables1795000000000 implements MigrationInterface {
  name = 'CreateStatementTables1795000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.statement (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        statement_id uuid NOT NULL,
        payload jsonb NOT NULL,
        verb_iri text NOT NULL,
        object_activity_id text,
        registration uuid,
        actor_ifi_hash text,
        authority_credential_id uuid NOT NULL,
        stored timestamptz NOT NULL,
        is_voided boolean NOT NULL DEFAULT false,
        voids_statement_id uuid,
        CONSTRAINT statement_tenant_statement_id_key UNIQUE (tenant_id, statement_id)
      )`);
    // Every read is "this tenant, newest first, maybe narrowed by one column": lead with tenant,
    // end with seq so the planner can walk the index in order and stop at the limit.
    await q.query(`CREATE INDEX statement_tenant_seq_idx ON storage.statement (tenant_id, seq)`);
    await q.query(`CREATE INDEX statement_verb_idx ON storage.statement (tenant_id, verb_iri, seq)`);
    await q.query(
      `CREATE INDEX statement_registration_idx ON storage.statement (tenant_id, registration, seq)`,
    );
    await q.query(
      `CREATE INDEX statement_authority_idx ON storage.statement (tenant_id, authority_credential_id, seq)`,
    );
    await q.query(`CREATE INDEX statement_stored_idx ON storage.statement (tenant_id, stored)`);
    await q.query(`
      CREATE TABLE storage.statement_agent (
        statement_seq bigint NOT NULL REFERENCES storage.statement (seq) ON DELETE CASCADE,
        ifi_hash text NOT NULL,
        tenant_id text NOT NULL,
        direct boolean NOT NULL,
        PRIMARY KEY (statement_seq, ifi_hash)
      )`);
    await q.query(
      `CREATE INDEX statement_agent_lookup_idx ON storage.statement_agent (tenant_id, ifi_hash, statement_seq)`,
    );
    await q.query(`
      CREATE TABLE storage.statement_activity (
        statement_seq bigint NOT NULL REFERENCES storage.statement (seq) ON DELETE CASCADE,
        activity_iri text NOT NULL,
        tenant_id text NOT NULL,
        direct boolean NOT NULL,
        PRIMARY KEY (statement_seq, activity_iri)
      )`);
    await q.query(
      `CREATE INDEX statement_activity_lookup_idx ON storage.statement_activity (tenant_id, activity_iri, statement_seq)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.statement_activity`);
    await q.query(`DROP TABLE storage.statement_agent`);
    await q.query(`DROP TABLE storage.statement`);
  }
}
