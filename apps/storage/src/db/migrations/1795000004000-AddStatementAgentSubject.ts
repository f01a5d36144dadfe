import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recomputes `is_subject` for every stored statement from its payload: true for the link of the actor and
 * of each member of an actor Group. The canonical identifier (ifiOf in @custos/xapi: mbox with scheme and
 * domain lowercased, mbox_sha1sum lowercased, openid, account homePage|name) is rebuilt in SQL and hashed
 * with SHA-256 like ifiHash. Idempotent; it only ever sets the flag on links that exist.
 */
export const BACKFILL_STATEMENT_SUBJECTS = `
  WITH actor AS (
    SELECT s.seq, s.payload->'actor' AS a FROM storage.statement s
    UNION ALL
    SELECT s.seq, m.a
      FROM storage.statement s
      CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN s.payload->'actor'->>'objectType' = 'Group'
              AND jsonb_typeof(s.payload->'actor'->'member') = 'array'
             THEN s.payload->'actor'->'member' ELSE '[]'::jsonb END) AS m(a)
  ), trimmed AS (
    SELECT seq,
           regexp_replace(a->>'mbox', '^\\s+|\\s+$', '', 'g') AS mbox,
           regexp_replace(a->>'mbox_sha1sum', '^\\s+|\\s+$', '', 'g') AS sha1,
           regexp_replace(a->>'openid', '^\\s+|\\s+$', '', 'g') AS openid,
           regexp_replace(a->'account'->>'homePage', '^\\s+|\\s+$', '', 'g') AS home,
           regexp_replace(a->'account'->>'name', '^\\s+|\\s+$', '', 'g') AS name,
           jsonb_typeof(a->'mbox') = 'string' AS has_mbox,
           jsonb_typeof(a->'mbox_sha1sum') = 'string' AS has_sha1,
           jsonb_typeof(a->'openid') = 'string' AS has_openid,
           jsonb_typeof(a->'account') = 'object' AS has_account
      FROM actor
  ), address AS (
    SELECT *, CASE WHEN strpos(mbox, ':') > 0 THEN substr(mbox, strpos(mbox, ':') + 1) ELSE mbox END AS addr
      FROM trimmed
  ), ifi AS (
    SELECT seq, CASE
        WHEN has_mbox THEN 'mbox:mailto:' || CASE WHEN strpos(addr, '@') = 0 THEN addr
          ELSE substring(addr FROM '^(.*)@') || '@' || lower(substring(addr FROM '@([^@]*)$')) END
        WHEN has_sha1 THEN 'mbox_sha1sum:' || lower(sha1)
        WHEN has_openid THEN 'openid:' || openid
        WHEN has_account THEN 'account:' || home || '|' || name
      END AS ifi
      FROM address
  )
  UPDATE storage.statement_agent sa SET is_subject = true
    FROM ifi
   WHERE ifi.ifi IS NOT NULL
     AND sa.statement_seq = ifi.seq
     AND sa.ifi_hash = encode(sha256(convert_to(ifi.ifi, 'UTF8')), 'hex')
     AND NOT sa.is_subject`;

/**
 * Marks the data subjects among a statement's agent links (DESIGN "Access model": the actor and the members
 * of an actor Group), so self access and, later, policies and grants can ask "is this statement about one of
 * these agents" without reading payloads.
 */
export class AddStatementAgentSubject1795000004000 implements MigrationInterface {
  name = 'AddStatementAgentSubject1795000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE storage.statement_agent ADD COLUMN is_subject boolean NOT NULL DEFAULT false`);
    await q.query(BACKFILL_STATEMENT_SUBJECTS);
    // "Statements about these agents, newest first": the subject links of one agent in seq order.
    await q.query(
      `CREATE INDEX statement_agent_subject_idx ON storage.statement_agent (tenant_id, ifi_hash, statement_seq) WHERE is_subject`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX storage.statement_agent_subject_idx`);
    await q.query(`ALTER TABLE storage.statement_agent DROP COLUMN is_subject`);
  }
}
