// DESIGN "Audit", the basis of a statement read: of the caller's read sources, those that allowed at least one
// statement the read returned, and for each `consent` policy the learner grants that covered them. Evaluated as
// columns of the page's own SELECT (the explain columns, `sourceColumns`), so it costs no extra round trip and
// is exactly what decided the read.
import type { SqlParams } from '@custos/authz';
import type { ReadBasisSourceV1 } from '@custos/contracts';

import { sourceColumns } from './explain-plan.js';

/**
 * Extra SELECT columns of alias s (parameters added to `params`) naming, per returned row, which sources allow
 * it. With one source there is nothing to tell apart: only its grant ids are selected.
 */
export function basisColumns(sources: readonly ReadBasisSourceV1[], params: SqlParams): string {
  return sourceColumns(sources, params, { allowed: sources.length > 1 }).join(', ');
}

/**
 * The basis to record for `rows` (the returned rows, selected with {@link basisColumns}): the sources that
 * allowed some row, consent policies with the sorted ids of the grants covering the rows they allowed. When
 * nothing was returned, every source the read ran under.
 */
export function readBasisOf(
  sources: readonly ReadBasisSourceV1[],
  rows: readonly Readonly<Record<string, unknown>>[],
): Record<string, unknown>[] {
  if (rows.length === 0) return sources.map((s) => s.basis);
  return sources.flatMap((source, i) => {
    const allowed = sources.length === 1 ? rows : rows.filter((r) => r[`allowed_${i}`] === true);
    if (allowed.length === 0) return [];
    if (source.grantsOfPolicy === undefined) return [source.basis];
    const grantIds = new Set(
      allowed.flatMap((r) => {
        const ids = r[`grant_ids_${i}`];
        return Array.isArray(ids) ? ids.map(String) : [];
      }),
    );
    return [{ ...source.basis, grantIds: [...grantIds].sort() }];
  });
}

/** Sets of extra columns as one select list (none: `undefined`). */
export function joinColumns(...lists: (string | undefined)[]): string | undefined {
  const present = lists.filter((l): l is string => l !== undefined && l !== '');
  return present.length === 0 ? undefined : present.join(', ');
}
