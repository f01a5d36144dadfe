import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The xAPI Document Resources (State, Activity Profile, Agent Profile; 1.0.3 Communication §2.2-§2.7) in
 * one table. The agent is kept only as the SHA-256 of its identifier; the contents are the exact bytes
 * written. `NULLS NOT DISTINCT` (PostgreSQL 15+) makes "no registration" one key value, so a State
 * document without registration is unique like any other.
 */
export class CreateDocumentTable1795000001000 implements MigrationInterface {
  name = 'CreateDocumentTable1795000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.document (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        kind text NOT NULL,
        activity_id text,
        agent_ifi_hash text,
        registration uuid,
        document_id text NOT NULL,
        content bytea NOT NULL,
        content_type text NOT NULL,
        etag text NOT NULL,
        updated timestamptz NOT NULL,
        CONSTRAINT document_key UNIQUE NULLS NOT DISTINCT
          (tenant_id, kind, activity_id, agent_ifi_hash, registration, document_id),
        CONSTRAINT document_kind_shape CHECK (
          (kind = 'state' AND activity_id IS NOT NULL AND agent_ifi_hash IS NOT NULL)
          OR (kind = 'activityProfile' AND activity_id IS NOT NULL AND agent_ifi_hash IS NULL
              AND registration IS NULL)
          OR (kind = 'agentProfile' AND activity_id IS NULL AND agent_ifi_hash IS NOT NULL
              AND registration IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.document`);
  }
}
