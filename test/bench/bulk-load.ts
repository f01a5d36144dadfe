// Bulk writes of the consent bench's learners, grants and statements, in SQL: a million
// statements through the write path would take far longer than a bench may. The rows copy what
// consent and storage write (columns, hashes, link rows); load-check.ts proves it on every build
// by writing a sample through the real code and comparing the rows.
import { createHash } from 'node:crypto';

import { ifiHash, normalizeMbox } from '@custos/xapi';
import type pg from 'pg';

import {
  COURSE_IRI_PREFIX,
  COURSES,
  grantsConsent,
  learnerMbox,
  learnerUsername,
  MODULES_PER_COURSE,
  VERB_IRI_PREFIX,
  VERB_MIX,
} from './learning-records.js';

/** What consent stores for a linked mbox: the mbox and its mbox_sha1sum twin (agent-link.ts). */
function linksOfMbox(mbox: string): { ifi: string; ifiHash: string }[] {
  const normalized = normalizeMbox(mbox);
  const sha1 = createHash('sha1').update(normalized, 'utf8').digest('hex');
  return [`mbox:${normalized}`, `mbox_sha1sum:${sha1}`].map((ifi) => ({ ifi, ifiHash: ifiHash(ifi) }));
}

/**
 * Learners 0 … count-1 as people (role `learner`, their mbox linked) and an active grant of
 * `policy` from each one `grantsConsent` picks. Receipts and consent events are not written:
 * no read looks at them.
 */
export async function loadLearners(
  db: pg.ClientBase,
  tenantId: string,
  count: number,
  policy: { id: string; version: number },
): Promise<number> {
  const learners = Array.from({ length: count }, (_, i) => i);
  const links = learners.flatMap((i) => linksOfMbox(learnerMbox(i)).map((l) => ({ i, ...l })));
  await db.query('BEGIN');
  try {
    await db.query(
      `INSERT INTO consent.person (id, tenant_id, username, display_name, password_hash, external_subject)
       SELECT gen_random_uuid(), $1, u.username, u.display_name, NULL, NULL
         FROM unnest($2::text[], $3::text[]) AS u(username, display_name)`,
      [tenantId, learners.map(learnerUsername), learners.map((i) => `Learner ${i}`)],
    );
    await db.query(
      `INSERT INTO consent.person_role (person_id, role)
       SELECT p.id, 'learner' FROM consent.person p WHERE p.tenant_id = $1 AND p.username = ANY($2::text[])`,
      [tenantId, learners.map(learnerUsername)],
    );
    await db.query(
      `INSERT INTO consent.person_agent (person_id, ifi, ifi_hash)
       SELECT p.id, l.ifi, l.ifi_hash
         FROM unnest($2::text[], $3::text[], $4::text[]) AS l(username, ifi, ifi_hash)
         JOIN consent.person p ON p.tenant_id = $1 AND p.username = l.username`,
      [
        tenantId,
        links.map((l) => learnerUsername(l.i)),
        links.map((l) => l.ifi),
        links.map((l) => l.ifiHash),
      ],
    );
    const granting = learners.filter(grantsConsent).map(learnerUsername);
    await db.query(
      `INSERT INTO consent.consent_grant (id, tenant_id, policy_id, policy_version, person_id, scope, expires_at)
       SELECT gen_random_uuid(), $1, $2, $3, p.id, '{}'::jsonb, NULL
         FROM consent.person p WHERE p.tenant_id = $1 AND p.username = ANY($4::text[])`,
      [tenantId, policy.id, policy.version, granting],
    );
    await db.query('COMMIT');
    return granting.length;
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}

/** The definition an LMS sends for module m of course c (SQL expressions for c and m). */
const definitionSql = (c: string, m: string): string =>
  `jsonb_build_object('name', jsonb_build_object('en-US', 'Course ' || ${c} || ', module ' || ${m}),` +
  ` 'type', 'http://adlnet.gov/expapi/activities/module')`;

const isoSql = (t: string): string => `to_char(${t} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Statements n = $10 … $11 of $12, each about a random learner, course module and verb (VERB_MIX),
 * timestamped across a school year with `stored` two seconds later, and their link rows: the
 * actor (a data subject) and the authority as agents, the module (direct) and its course
 * (context parent) as activities, and the course again as a context activity (kind 1, parent)
 * where that table exists — as storage's statement.repository writes them.
 */
const statementsSql = (withContextActivities: boolean): string => `
  WITH d AS (
    SELECT x.*, $8::text || x.course AS course_iri, $8::text || x.course || '/modules/m' || x.module AS module_iri,
           'mailto:learner-' || x.learner || '@school.example.org' AS mbox,
           md5(x.learner || ':' || x.course)::uuid AS registration,
           timestamptz '2025-09-01 00:00:00+00' + (x.n::float8 / $12) * interval '300 days' AS ts,
           floor(x.r * 101)::int AS raw
      FROM (SELECT n, gen_random_uuid() AS id, floor(random() * $7)::int AS learner,
                   floor(random() * ${COURSES})::int AS course, floor(random() * ${MODULES_PER_COURSE})::int AS module,
                   ($5::text[])[width_bucket(random(), $6::float8[])] AS verb, random() AS r
              FROM generate_series($10::int, $11::int) AS n) x
  ), ins AS (
    INSERT INTO storage.statement (tenant_id, authority_credential_id, statement_id, payload, verb_iri,
                                   object_activity_id, registration, actor_ifi_hash, stored)
    SELECT $1, $2::uuid, d.id,
           jsonb_build_object(
             'id', d.id,
             'actor', jsonb_build_object('objectType', 'Agent', 'name', 'Learner ' || d.learner, 'mbox', d.mbox),
             'verb', jsonb_build_object('id', $9::text || d.verb, 'display', jsonb_build_object('en-US', d.verb)),
             'object', jsonb_build_object('objectType', 'Activity', 'id', d.module_iri)
               || CASE WHEN d.verb = 'launched'
                       THEN jsonb_build_object('definition', ${definitionSql('d.course', 'd.module')})
                       ELSE '{}'::jsonb END,
             'context', jsonb_build_object('registration', d.registration, 'platform', 'School LMS',
               'language', 'en-US', 'contextActivities',
               jsonb_build_object('parent', jsonb_build_array(jsonb_build_object('objectType', 'Activity', 'id', d.course_iri)))),
             'timestamp', ${isoSql('d.ts')},
             'stored', ${isoSql("(d.ts + interval '2 seconds')")},
             'authority', $3::jsonb,
             'version', '2.0.0')
           || CASE d.verb
                WHEN 'answered' THEN jsonb_build_object('result', jsonb_build_object(
                  'success', d.r < 0.7, 'response', 'choice-' || (d.raw % 4), 'duration', 'PT42S'))
                WHEN 'passed' THEN jsonb_build_object('result', jsonb_build_object(
                  'score', jsonb_build_object('scaled', d.raw::float8 / 100, 'raw', d.raw, 'min', 0, 'max', 100),
                  'success', true, 'completion', true))
                WHEN 'failed' THEN jsonb_build_object('result', jsonb_build_object(
                  'score', jsonb_build_object('scaled', d.raw::float8 / 100, 'raw', d.raw, 'min', 0, 'max', 100),
                  'success', false, 'completion', true))
                WHEN 'completed' THEN jsonb_build_object('result', jsonb_build_object(
                  'completion', true, 'duration', 'PT' || (10 + d.raw % 50) || 'M'))
                ELSE '{}'::jsonb END,
           $9::text || d.verb, d.module_iri, d.registration,
           encode(sha256(convert_to('mbox:' || d.mbox, 'UTF8')), 'hex'), d.ts + interval '2 seconds'
      FROM d
    RETURNING seq, actor_ifi_hash, object_activity_id, payload #>> '{context,contextActivities,parent,0,id}' AS course_iri
  ), agents AS (
    INSERT INTO storage.statement_agent (statement_seq, ifi_hash, tenant_id, direct, is_subject)
    SELECT seq, actor_ifi_hash, $1, true, true FROM ins
    UNION ALL SELECT seq, $4, $1, false, false FROM ins
  )${
    withContextActivities
      ? `, contexts AS (
    INSERT INTO storage.statement_context_activity (statement_seq, tenant_id, kind, activity_iri)
    SELECT seq, $1, 1, course_iri FROM ins
  )`
      : ''
  }
  INSERT INTO storage.statement_activity (statement_seq, activity_iri, tenant_id, direct)
  SELECT seq, object_activity_id, $1, true FROM ins
  UNION ALL SELECT seq, course_iri, $1, false FROM ins`;

export interface Writer {
  credentialId: string;
  authority: Record<string, unknown>;
  authorityIfiHash: string;
}

/**
 * `total` statements in chunks on every connection of `pool` at once, then the Activity
 * definitions the `launched` statements carried. `progress` is told each finished chunk.
 */
export async function loadStatements(
  pool: pg.Pool,
  tenantId: string,
  writer: Writer,
  learners: number,
  total: number,
  progress: (done: number) => void,
): Promise<void> {
  const lowerBounds: number[] = [];
  let cumulative = 0;
  for (const [, percent] of VERB_MIX) {
    lowerBounds.push(cumulative / 100);
    cumulative += percent;
  }
  const chunk = 50_000;
  let next = 1;
  let done = 0;
  // Link rows reference the statement written by the same INSERT, so the foreign-key triggers
  // (a lookup per link row, half the load time) are skipped — unless someone added triggers of
  // their own, which must run as they would for a real write.
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = 'storage'::regnamespace`,
  );
  const skipForeignKeyChecks = rows[0]!.n === 0;
  const { rows: tables } = await pool.query<{ exists: boolean }>(
    `SELECT to_regclass('storage.statement_context_activity') IS NOT NULL AS exists`,
  );
  const sql = statementsSql(tables[0]!.exists);
  await Promise.all(
    Array.from({ length: pool.options.max ?? 1 }, async () => {
      const db = await pool.connect();
      try {
        if (skipForeignKeyChecks) await db.query(`SET session_replication_role = replica`);
        while (next <= total) {
          const from = next;
          const to = Math.min(total, from + chunk - 1);
          next = to + 1;
          await db.query(sql, [
            tenantId,
            writer.credentialId,
            writer.authority,
            writer.authorityIfiHash,
            VERB_MIX.map(([name]) => name),
            lowerBounds,
            learners,
            COURSE_IRI_PREFIX,
            VERB_IRI_PREFIX,
            from,
            to,
            total,
          ]);
          done += to - from + 1;
          progress(done);
        }
      } finally {
        if (skipForeignKeyChecks) await db.query(`RESET session_replication_role`);
        db.release();
      }
    }),
  );
  await pool.query(
    `INSERT INTO storage.activity (tenant_id, activity_id, definition)
     SELECT $1, $2::text || c || '/modules/m' || m, ${definitionSql('c', 'm')}
       FROM generate_series(0, ${COURSES - 1}) AS c, generate_series(0, ${MODULES_PER_COURSE - 1}) AS m
         ON CONFLICT DO NOTHING`,
    [tenantId, COURSE_IRI_PREFIX],
  );
}

/**
 * What autovacuum would do after such a load, done now rather than whenever it gets to it:
 * VACUUM ANALYZE every table past autovacuum's default analyze threshold (50 changed rows plus
 * 10 %) or insert-vacuum threshold (1,000 inserted rows plus 20 %). Tables it would leave alone
 * (e.g. the one policy) stay as a real installation has them: never analysed.
 */
export async function settleLikeAutovacuum(db: pg.Pool): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT format('%I.%I', t.schemaname, t.relname) AS name
       FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid
      WHERE t.schemaname IN ('storage', 'consent')
        AND (t.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
             OR t.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0))
      ORDER BY 1`,
  );
  for (const { name } of rows) await db.query(`VACUUM (ANALYZE) ${name}`);
  return rows.map((r) => r.name);
}
