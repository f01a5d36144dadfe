import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fills `storage.statement_context_activity` from every stored payload: the Activities of the statement's own
 * `context.contextActivities` (a single Activity object or an array, xAPI Data §2.4.6.2), never a SubStatement's,
 * with the kind coded 1 parent, 2 grouping, 3 category, 4 other (as `CONTEXT_ACTIVITY_KIND_CODES` in
 * context-activity-columns.ts). Idempotent.
 */
export const BACKFILL_STATEMENT_CONTEXT_ACTIVITIES = `
  INSERT INTO storage.statement_context_activity (statement_seq, tenant_id, kind, activity_iri)
  SELECT DISTINCT s.seq, s.tenant_id, k.kind, e.a->>'id'
    FROM storage.statement s
   CROSS JOIN (VALUES ('parent', 1), ('grouping', 2), ('category', 3), ('other', 4)) AS k(name, kind)
   CROSS JOIN LATERAL jsonb_array_elements(
         CASE jsonb_typeof(s.payload->'context'->'contextActivities'->k.name)
           WHEN 'array' THEN s.payload->'context'->'contextActivities'->k.name
           WHEN 'object' THEN jsonb_build_array(s.payload->'context'->'contextActivities'->k.name)
           ELSE '[]'::jsonb END) AS e(a)
   WHERE jsonb_typeof(s.payload->'context'->'contextActivities') = 'object'
     AND jsonb_typeof(e.a->'id') = 'string'
  ON CONFLICT DO NOTHING`;

/**
 * The kind of each context activity of a statement (DESIGN "Access model", step 4: a policy's scope may name
 * parent, grouping, category or other activity IRI prefixes), which `storage.statement_activity` does not keep.
 * The kind is a small code rather than text so the access filter's EXISTS template needs no string literal.
 */
export class CreateStatementContextActivities1795000005000 implements MigrationInterface {
  name = 'CreateStatementContextActivities1795000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.statement_context_activity (
        statement_seq bigint NOT NULL REFERENCES storage.statement (seq) ON DELETE CASCADE,
        tenant_id text NOT NULL,
        kind smallint NOT NULL CHECK (kind BETWEEN 1 AND 4),
        activity_iri text NOT NULL,
        PRIMARY KEY (statement_seq, kind, activity_iri)
      )`);
    await q.query(
      `COMMENT ON COLUMN storage.statement_context_activity.kind IS '1 parent, 2 grouping, 3 category, 4 other'`,
    );
    await q.query(BACKFILL_STATEMENT_CONTEXT_ACTIVITIES);
    // The primary key answers the access filter's EXISTS for one statement (seq, kind, then the LIKE on the
    // IRI); this one answers "statements under this course" when the planner starts from the prefix.
    await q.query(
      `CREATE INDEX statement_context_activity_lookup_idx ON storage.statement_context_activity
         (tenant_id, kind, activity_iri text_pattern_ops, statement_seq)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.statement_context_activity`);
  }
}
