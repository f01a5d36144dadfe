import type { AccessFilter } from './access-filter.js';

const TRUE: AccessFilter = { and: [] };
const FALSE: AccessFilter = { or: [] };

/**
 * An equivalent, usually smaller filter. CASL repeats each rule's tenant condition and each deny in every
 * branch; folding them keeps the SQL readable and puts the tenant condition at the top, where an index on
 * it is obviously usable.
 *
 * Every rewrite is an identity of boolean logic that still holds when an undecidable comparison counts as
 * false, which is how `not` is defined on filters and rendered in SQL: flattening, dropping duplicates,
 * constant folding, double negation, absorption (`a OR (a AND b)` is `a`) and factoring
 * (`(a AND b) OR (a AND c)` is `a AND (b OR c)`).
 */
export function simplifyFilter(filter: AccessFilter): AccessFilter {
  if ('not' in filter) return negate(simplifyFilter(filter.not));
  if ('and' in filter) return conjoin(filter.and.map(simplifyFilter));
  if ('or' in filter) return disjoin(filter.or.map(simplifyFilter));
  return filter;
}

function negate(f: AccessFilter): AccessFilter {
  if ('not' in f) return f.not;
  if (isTrue(f)) return FALSE;
  if (isFalse(f)) return TRUE;
  return { not: f };
}

function conjoin(children: readonly AccessFilter[]): AccessFilter {
  const flat = unique(children.flatMap((c) => ('and' in c ? c.and : [c])));
  if (flat.some(isFalse)) return FALSE;
  return flat.length === 1 ? flat[0]! : { and: flat };
}

function disjoin(children: readonly AccessFilter[]): AccessFilter {
  const flat = unique(children.flatMap((c) => ('or' in c ? c.or : [c])));
  if (flat.some(isTrue)) return TRUE;
  const kept = absorb(flat);
  if (kept.length <= 1) return kept[0] ?? FALSE;
  const factored = factor(kept);
  return factored ?? { or: kept };
}

// Drops every branch whose conjuncts include all the conjuncts of another branch: it implies that branch.
function absorb(branches: readonly AccessFilter[]): AccessFilter[] {
  const sets = branches.map((b) => new Set(conjuncts(b).map(keyOf)));
  return branches.filter(
    (_, i) =>
      !sets.some((other, j) => j !== i && isSubset(other, sets[i]!) && (other.size < sets[i]!.size || j < i)),
  );
}

function factor(branches: readonly AccessFilter[]): AccessFilter | null {
  const [first, ...rest] = branches.map(conjuncts);
  const restKeys = rest.map((cs) => new Set(cs.map(keyOf)));
  const common = first!.filter((c) => restKeys.every((keys) => keys.has(keyOf(c))));
  if (common.length === 0) return null;
  const commonKeys = new Set(common.map(keyOf));
  const remainders = branches.map((b) => conjoin(conjuncts(b).filter((c) => !commonKeys.has(keyOf(c)))));
  return conjoin([...common, disjoin(remainders)]);
}

function conjuncts(f: AccessFilter): AccessFilter[] {
  return 'and' in f ? f.and : [f];
}

function unique(filters: readonly AccessFilter[]): AccessFilter[] {
  const seen = new Set<string>();
  return filters.filter((f) => {
    const key = keyOf(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function isTrue(f: AccessFilter): boolean {
  return 'and' in f && f.and.length === 0;
}

function isFalse(f: AccessFilter): boolean {
  return 'or' in f && f.or.length === 0;
}

// Independent of property order, so equal conditions built in different ways compare equal.
function keyOf(f: AccessFilter): string {
  if ('and' in f) return `and(${f.and.map(keyOf).join(',')})`;
  if ('or' in f) return `or(${f.or.map(keyOf).join(',')})`;
  if ('not' in f) return `not(${keyOf(f.not)})`;
  return JSON.stringify([f.field, f.op, f.value]);
}
