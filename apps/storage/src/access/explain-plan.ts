// Explaining an access decision (GET /api/v1/explain): every read source of the principal (each xAPI scope, self
// access, each institution policy), compiled by @custos/authz to its own access filter, becomes boolean columns
// of ONE select of the statement row — the same `accessFilterToSql` and column map as reads, consent views
// included — so the answer is exactly what a read would decide at that instant. The asker's own `explain`
// filter sits in the WHERE clause: a statement they may not have explained is not found.
import { type AccessFilter, accessFilterToSql, isAccessFilter, type SqlParams } from '@custos/authz';
import {
  BadRequestError,
  type EvaluateStatementAccessReplyV1,
  type ExplainSourceV1,
} from '@custos/contracts';

import { consentRecordIds, hasOtherSubjects } from './consent-access-columns.js';
import { readableStatementSql, statementAccessColumns } from './read-plan.js';

export interface ExplainPlan {
  /** Condition on alias s: the asker may have this statement explained. */
  where: string;
  /** Select list of alias s: `allowed_<i>`, `in_scope_<i>`, `grant_ids_<i>`, `objection_ids_<i>`. */
  columns: string[];
}

type SourceResult = NonNullable<EvaluateStatementAccessReplyV1['statement']>['sources'][number];

const VALUES_SLOT = '{values}';

function checked(filter: unknown): AccessFilter {
  if (!isAccessFilter(filter)) throw new BadRequestError('malformed access filter');
  return filter;
}

/**
 * The WHERE condition and select list of the explain query, their parameters added to `params`. With
 * `ownIfiHashes` (a data subject asking), the grant and objection ids are only those held through them, and an
 * `other_subjects` column says whether the statement has a data subject besides them.
 */
export function planExplain(
  askerFilter: unknown,
  sources: readonly ExplainSourceV1[],
  params: SqlParams,
  ownIfiHashes?: readonly string[],
): ExplainPlan {
  // The statement itself is found only if the asker may read it and it is not past retention.
  const where = readableStatementSql(checked(askerFilter), 's', params);
  const own = ownIfiHashes === undefined ? undefined : params.add([...ownIfiHashes]);
  const columns = sourceColumns(sources, params, { onlyOf: own });
  return {
    where: `COALESCE((${where}), false)`,
    columns: own === undefined ? columns : [`${hasOtherSubjects(own)} AS other_subjects`, ...columns],
  };
}

/**
 * Select-list columns of alias s evaluating each source against the row: `allowed_<i>` (left out with
 * `allowed: false`, for a caller that knows), `in_scope_<i>`, `grant_ids_<i>`, `objection_ids_<i>` as the
 * source asks (only the records held through the identifiers of placeholder `onlyOf`, when given); parameters
 * added to `params`. Also used by reads, to name the basis of what they return.
 */
export function sourceColumns(
  sources: readonly ExplainSourceV1[],
  params: SqlParams,
  { allowed = true, onlyOf }: { allowed?: boolean; onlyOf?: string } = {},
): string[] {
  const condition = (filter: unknown) =>
    `COALESCE((${accessFilterToSql(checked(filter), statementAccessColumns('s'), params)}), false)`;
  const ids = (template: string, policyId: string) => {
    const placeholder = params.add([policyId]);
    return template.replace(VALUES_SLOT, () => placeholder);
  };
  const columns = sources.flatMap((source, i) => [
    ...(allowed ? [`${condition(source.filter)} AS allowed_${i}`] : []),
    ...(source.scopeFilter !== undefined ? [`${condition(source.scopeFilter)} AS in_scope_${i}`] : []),
    ...(source.grantsOfPolicy !== undefined
      ? [`${ids(consentRecordIds.grantIds(onlyOf), source.grantsOfPolicy)} AS grant_ids_${i}`]
      : []),
    ...(source.objectionsOfPolicy !== undefined
      ? [`${ids(consentRecordIds.objectionIds(onlyOf), source.objectionsOfPolicy)} AS objection_ids_${i}`]
      : []),
  ]);
  return columns;
}

/** Reads back, per source in request order, the columns {@link planExplain} selected. */
export function explainResults(
  sources: readonly ExplainSourceV1[],
  row: Readonly<Record<string, unknown>>,
): SourceResult[] {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String).toSorted() : []);
  return sources.map((source, i) => ({
    allowed: row[`allowed_${i}`] === true,
    ...(source.scopeFilter !== undefined ? { inScope: row[`in_scope_${i}`] === true } : {}),
    ...(source.grantsOfPolicy !== undefined ? { grantIds: list(row[`grant_ids_${i}`]) } : {}),
    ...(source.objectionsOfPolicy !== undefined ? { objectionIds: list(row[`objection_ids_${i}`]) } : {}),
  }));
}
