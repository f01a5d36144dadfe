// The SQL of analytics (docs/flows.md "Analytics that protect individuals"): one statement that counts, per cell of
// the query's grouping and per marginal (GROUPING SETS), the distinct data subjects (storage.statement_agent
// .is_subject) and statements among the records the analytics policies allow — the same `readableStatementSql` as
// every read, so scope, grants, objections, expiry, retention and held statements decide here exactly as for a
// reader; voided and voiding statements are left out. A learner of a statement is counted only where the statement
// is readable under the analytics policies AND the learner's own basis allows it (learner-basis-columns.ts): in a
// group statement, a member who did not grant (or who objected) is not counted because another member granted.
// Besides the counts it gives what suppression needs: how many of a cell's learners are active in its first and in
// its last month of the range, and, for a cell of fewer than k learners only, their identifier hashes (which never
// leave storage). Only the plain parts of a statement are read: its columns, its agent and context-activity links,
// and `result.completion`, `result.success`, `result.score.scaled`. Raw SQL (ADR 0008).
import { type AccessFilter, accessFilterToSql, SqlParams } from '@custos/authz';
import type { AnalyticsDimensionV1, AnalyticsQueryV1 } from '@custos/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import {
  CONTEXT_ACTIVITY_KIND_CODES,
  learnerBasisColumns,
  readableStatementSql,
  statementAccessColumns,
} from '../access/index.js';
import { STORAGE_DB } from '../core/index.js';

/** One cell's counts as SQL gives them; `members` only when it has fewer than k learners. */
export interface CellCounts {
  key: string[];
  learners: number;
  statements: number;
  positive: number;
  firstEdge: number;
  lastEdge: number;
  members: string[] | null;
}

/**
 * The counts of every non-empty cell (`cells`), of every marginal — the same counts with some dimensions summed
 * over, keyed by `marginalKey` — and of the total.
 */
export interface AnalyticsCounts {
  cells: CellCounts[];
  marginals: Map<string, CellCounts>;
  total: Omit<CellCounts, 'key' | 'members'>;
}

/** The key of a marginal: the cell key with the summed-over dimensions null. */
export const marginalKey = (key: (string | null)[]): string => JSON.stringify(key);

const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

/** The SQL of each grouping dimension, on statement `s` and its context-activity joins `cp` (parent), `cg`. */
function dimensionSql(d: AnalyticsDimensionV1, interval: string): string {
  switch (d) {
    case 'activity':
      return `coalesce(s.object_activity_id, '')`;
    case 'registration':
      return `coalesce(s.registration::text, '')`;
    case 'parent':
      return `coalesce(cp.activity_iri, '')`;
    case 'grouping':
      return `coalesce(cg.activity_iri, '')`;
    case 'time':
      return `to_char(date_trunc(${interval}, s.stored AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  }
}

const contextJoin = (alias: string, kind: number) =>
  ` LEFT JOIN storage.statement_context_activity ${alias} ON ${alias}.statement_seq = s.seq` +
  ` AND ${alias}.tenant_id = s.tenant_id AND ${alias}.kind = ${kind}`;

const SCALED = `(s.payload #> '{result,score,scaled}')`;

/** Which statements a measure counts, and which of them are "positive" (completed, succeeded). */
function measureSql(measure: AnalyticsQueryV1['measure']): { where: string; flag: string } {
  switch (measure) {
    case 'statements':
      return { where: 'true', flag: 'false' };
    case 'completion':
      return {
        where: `jsonb_typeof(s.payload #> '{result,completion}') = 'boolean'`,
        flag: `(s.payload #>> '{result,completion}') = 'true'`,
      };
    case 'success':
      return {
        where: `jsonb_typeof(s.payload #> '{result,success}') = 'boolean'`,
        flag: `(s.payload #>> '{result,success}') = 'true'`,
      };
    case 'scores':
      return { where: `jsonb_typeof(${SCALED}) = 'number'`, flag: 'false' };
  }
}

/** The score bucket of `result.score.scaled`: -1 below zero, else its tenth (0–9; 1.0 in 9). */
const SCORE_BUCKET = `(CASE WHEN (${SCALED})::text::float8 < 0 THEN '-1.0' ELSE to_char(least(floor((${SCALED})::text::float8 * 10), 9) / 10.0, 'FM0.0') END)`;

@Injectable()
export class AnalyticsRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /** The counts of every non-empty cell of `query`, of its marginals and of its total, over what `filter` allows. */
  async counts(
    tenantId: string,
    query: AnalyticsQueryV1,
    filter: AccessFilter,
    k: number,
  ): Promise<AnalyticsCounts> {
    const p = new SqlParams();
    const tenant = p.add(tenantId);
    const interval = query.groupBy.includes('time') ? `${p.add(query.interval)}::text` : '';
    const dims = query.groupBy.map((d) => dimensionSql(d, interval));
    if (query.measure === 'scores') dims.push(SCORE_BUCKET);
    const n = dims.length;
    const keys = dims.map((_, i) => `d${i}`);
    const joins =
      (query.groupBy.includes('parent') ? contextJoin('cp', CONTEXT_ACTIVITY_KIND_CODES.parent) : '') +
      (query.groupBy.includes('grouping') ? contextJoin('cg', CONTEXT_ACTIVITY_KIND_CODES.grouping) : '');
    const m = measureSql(query.measure);
    // Every subset of the dimensions: the cells (all of them), the marginals, the total (none).
    const subsets = [...Array(1 << n).keys()].map((mask) => keys.filter((_, i) => (mask & (1 << i)) !== 0));
    const sets = (extra: string[]) =>
      n === 0
        ? extra.length > 0
          ? `GROUP BY ${extra.join(', ')}`
          : ''
        : `GROUP BY GROUPING SETS (${subsets.map((s) => `(${[...s, ...extra].join(', ')})`).join(', ')})`;
    const gid = n === 0 ? '0' : `GROUPING(${keys.join(', ')})`;
    const cols = keys.map((d) => `${d}, `).join('');
    const kParam = p.add(k);
    const sql = `
      WITH base AS (
        SELECT s.seq, sa.ifi_hash AS learner, date_trunc('month', s.stored AT TIME ZONE 'UTC') AS month,
          ${[...dims.map((sql, i) => `${sql} AS d${i}`), `${m.flag} AS flag`].join(', ')}
        FROM storage.statement s
        JOIN storage.statement_agent sa ON sa.statement_seq = s.seq AND sa.tenant_id = s.tenant_id AND sa.is_subject
        ${joins}
        WHERE s.tenant_id = ${tenant} AND NOT s.is_voided AND s.voids_statement_id IS NULL
          AND s.verb_iri <> ${p.add(VOIDED_VERB)}
          AND s.stored >= ${p.add(query.from)}::timestamptz AND s.stored < ${p.add(query.to)}::timestamptz
          AND ${m.where}
          AND (${readableStatementSql(filter, 's', p)})
          AND (${accessFilterToSql(filter, { ...statementAccessColumns('s'), ...learnerBasisColumns('s', 'sa') }, p)})
      ),
      per_learner AS (
        SELECT ${gid} AS gid, ${cols}learner, min(month) AS fm, max(month) AS lm, bool_or(flag) AS pos
        FROM base ${sets(['learner'])}
      ),
      edged AS (
        SELECT *, min(fm) OVER w AS cf, max(lm) OVER w AS cl FROM per_learner
        WINDOW w AS (PARTITION BY gid${keys.map((d) => `, ${d}`).join('')})
      ),
      cells AS (
        SELECT gid, ${cols}count(*)::int AS learners, (count(*) FILTER (WHERE pos))::int AS positive,
          (count(*) FILTER (WHERE fm = cf))::int AS first_edge, (count(*) FILTER (WHERE lm = cl))::int AS last_edge,
          CASE WHEN count(*) < ${kParam} THEN array_agg(learner) END AS members
        FROM edged GROUP BY gid${keys.map((d) => `, ${d}`).join('')}
      ),
      statements AS (
        SELECT ${gid} AS gid, ${cols}count(DISTINCT seq)::int AS statements FROM base ${sets([])}
      )
      SELECT c.gid, ${n === 0 ? `'[]'::json` : `json_build_array(${keys.map((d) => `c.${d}`).join(', ')})`} AS key,
        c.learners, c.positive, c.first_edge, c.last_edge, c.members, st.statements
      FROM cells c JOIN statements st
        ON st.gid = c.gid${keys.map((d) => ` AND st.${d} IS NOT DISTINCT FROM c.${d}`).join('')}`;
    const rows: {
      gid: number;
      key: (string | null)[];
      learners: number;
      positive: number;
      first_edge: number;
      last_edge: number;
      members: string[] | null;
      statements: number;
    }[] = await this.db.query(sql, p.values);
    const all = (1 << n) - 1;
    const cells: CellCounts[] = [];
    const marginals = new Map<string, CellCounts>();
    let total: AnalyticsCounts['total'] = {
      learners: 0,
      statements: 0,
      positive: 0,
      firstEdge: 0,
      lastEdge: 0,
    };
    for (const r of rows) {
      const counts: CellCounts = {
        key: r.key.map((v) => (v === null ? '' : String(v))),
        learners: r.learners,
        statements: r.statements,
        positive: r.positive,
        firstEdge: r.first_edge,
        lastEdge: r.last_edge,
        members: r.members,
      };
      if (Number(r.gid) === all) total = counts;
      else if (Number(r.gid) === 0) cells.push(counts);
      if (Number(r.gid) !== 0 || n === 0) marginals.set(marginalKey(r.key), counts);
    }
    return { cells, marginals, total };
  }
}
