import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forwarding (docs/flows.md "Forwarding"): a tenant's targets (another LRS's statements resource or a webhook), each
 * reading as a grantee credential, with their delivery state; the queue of batches to send (one row per stored
 * batch per target, or per erasure to propagate), the dead letters, and which statements went to which target with
 * their data subjects' identifier hashes (no identifier), so an erasure can void them there. `sealed_secret` is the
 * target's secret (Basic secret, OAuth client secret or webhook secret) under AES-256-GCM, never returned.
 */
export class CreateForwarding1799002000000 implements MigrationInterface {
  name = 'CreateForwarding1799002000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.forwarding_target (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('xapi', 'webhook')),
        url text NOT NULL,
        auth_kind text NOT NULL CHECK (auth_kind IN ('none', 'basic', 'oauth2')),
        auth_key text,
        token_url text,
        auth_scope text,
        sealed_secret bytea,
        grantee_credential_id uuid NOT NULL,
        filter jsonb NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        lease_until timestamptz,
        last_error text,
        last_error_at timestamptz,
        last_delivered_at timestamptz,
        delivered_statements bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX forwarding_target_tenant_idx ON consent.forwarding_target (tenant_id)`);
    await q.query(`
      CREATE TABLE consent.forwarding_pending (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        target_id uuid NOT NULL REFERENCES consent.forwarding_target (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('statements', 'erasure')),
        message_id text,
        erasure_id uuid,
        statement_ids text[] NOT NULL,
        enqueued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX forwarding_pending_message_key ON consent.forwarding_pending (target_id, message_id)`,
    );
    await q.query(`CREATE INDEX forwarding_pending_target_idx ON consent.forwarding_pending (target_id, id)`);
    await q.query(`
      CREATE TABLE consent.forwarding_dead_letter (
        id uuid PRIMARY KEY,
        target_id uuid NOT NULL REFERENCES consent.forwarding_target (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('statements', 'erasure')),
        erasure_id uuid,
        statement_ids text[] NOT NULL,
        attempts integer NOT NULL,
        last_error text,
        enqueued_at timestamptz NOT NULL,
        dead_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX forwarding_dead_letter_target_idx ON consent.forwarding_dead_letter (target_id)`,
    );
    await q.query(`
      CREATE TABLE consent.forwarding_sent (
        target_id uuid NOT NULL REFERENCES consent.forwarding_target (id) ON DELETE CASCADE,
        ifi_hash text NOT NULL,
        statement_id text NOT NULL,
        PRIMARY KEY (target_id, ifi_hash, statement_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.forwarding_sent`);
    await q.query(`DROP TABLE consent.forwarding_dead_letter`);
    await q.query(`DROP TABLE consent.forwarding_pending`);
    await q.query(`DROP TABLE consent.forwarding_target`);
  }
}
