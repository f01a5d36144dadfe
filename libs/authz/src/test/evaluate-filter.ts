import type { AccessFilter, FieldFilter, FilterScalar } from '../access-filter.js';

type Row = Readonly<Record<string, FilterScalar | readonly FilterScalar[]>>;

/**
 * Evaluates a filter on a row the way the SQL from `accessFilterToSql` does in PostgreSQL, three-valued
 * logic included (`null` is SQL's unknown), so tests can compare filters with CASL's own decisions. An array
 * value is a set field (rendered as EXISTS, never unknown): `eq`/`in` hold when some element matches.
 */
export function evaluateFilter(filter: AccessFilter, row: Row): boolean | null {
  if ('and' in filter) {
    return kleene(
      filter.and.map((f) => evaluateFilter(f, row)),
      false,
    );
  }
  if ('or' in filter) {
    return kleene(
      filter.or.map((f) => evaluateFilter(f, row)),
      true,
    );
  }
  if ('not' in filter) return evaluateFilter(filter.not, row) !== true;
  const actual = row[filter.field];
  if (actual === undefined) throw new Error(`Row has no field ${filter.field}`);
  if (Array.isArray(actual)) return evaluateSet(filter, actual as readonly FilterScalar[]);
  const scalar = actual as FilterScalar;
  return evaluateScalar(filter, scalar);
}

function evaluateSet(filter: FieldFilter, actual: readonly FilterScalar[]): boolean {
  switch (filter.op) {
    case 'eq':
      return actual.includes(filter.value);
    case 'ne':
      return !actual.includes(filter.value);
    case 'in':
      return actual.some((v) => filter.value.includes(v));
    case 'nin':
      return !actual.some((v) => filter.value.includes(v));
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
    case 'prefix':
      throw new Error(`No ${filter.op} on a set field`);
  }
}

function evaluateScalar(filter: FieldFilter, actual: FilterScalar): boolean | null {
  switch (filter.op) {
    case 'eq':
      if (filter.value === null) return actual === null;
      return actual === null ? null : actual === filter.value;
    case 'ne':
      return actual !== filter.value;
    case 'in':
      return isIn(actual, filter.value);
    case 'nin':
      return filter.value.length === 0 ? true : isIn(actual, filter.value) !== true;
    case 'lt':
      return actual === null ? null : actual < filter.value;
    case 'lte':
      return actual === null ? null : actual <= filter.value;
    case 'gt':
      return actual === null ? null : actual > filter.value;
    case 'gte':
      return actual === null ? null : actual >= filter.value;
    case 'prefix':
      return actual === null ? null : typeof actual === 'string' && actual.startsWith(filter.value);
  }
}

function isIn(actual: FilterScalar, values: readonly FilterScalar[]): boolean | null {
  if (actual === null) return values.includes(null) ? true : values.length === 0 ? false : null;
  return values.includes(actual);
}

// `dominant` is the value that decides the result on its own: false for AND, true for OR.
function kleene(values: readonly (boolean | null)[], dominant: boolean): boolean | null {
  if (values.includes(dominant)) return dominant;
  return values.includes(null) ? null : !dominant;
}
