import { rulesToAST } from '@casl/ability/extra';

import type { AppAbility } from './ability.types.js';
import type { Action, SubjectName } from './actions.js';
import { simplifyFilter } from './filter-simplify.js';
import { literalPrefixesOf } from './prefix.js';

/** A value a condition may compare against. Kept to JSON scalars so filters survive serialisation unchanged. */
export type FilterScalar = string | number | boolean | null;

/** Equality. `null` means "the field is null". */
export interface EqualityFilter {
  field: string;
  op: 'eq' | 'ne';
  value: FilterScalar;
}

/** Membership. An empty `in` matches nothing and an empty `nin` matches everything. */
export interface MembershipFilter {
  field: string;
  op: 'in' | 'nin';
  value: FilterScalar[];
}

/** Ordering. A null field never satisfies it. */
export interface RangeFilter {
  field: string;
  op: 'lt' | 'lte' | 'gt' | 'gte';
  value: string | number;
}

/**
 * "The field starts with this literal" (an activity IRI prefix of an institution policy). A null field never
 * satisfies it; on a set field it means "some element starts with it". Rules express it as a CASL `$regex` of
 * the form `^<escaped literal>`, or `^(?:<escaped literal>|…)` for an `or` of prefixes (see `prefix.ts`).
 */
export interface PrefixFilter {
  field: string;
  op: 'prefix';
  value: string;
}

/** A condition on one field of the subject, named as in the rules (e.g. `tenantId`). */
export type FieldFilter = EqualityFilter | MembershipFilter | RangeFilter | PrefixFilter;

/** Every operator a {@link FieldFilter} may use. */
export type FilterOp = FieldFilter['op'];

/**
 * Which records an ability grants, as a serialisable condition tree. `{ and: [] }` is true and `{ or: [] }`
 * is false. A `not` matches exactly the records its operand does not match; a condition that cannot be
 * decided (a null compared with a value) counts as not matching before being negated.
 *
 * A `cannot` rule appears as a `not` of its conditions, ANDed with every `can` rule it overrides (once, at
 * the top, after simplification); since the abilities put every `cannot` above every `can`, a record
 * matching a `cannot` rule is excluded whatever the `can` rules say.
 */
export type AccessFilter =
  { and: AccessFilter[] } | { or: AccessFilter[] } | { not: AccessFilter } | FieldFilter;

/** Deepest tree {@link isAccessFilter} accepts; generated filters stay far below it. */
export const MAX_FILTER_DEPTH = 32;

/**
 * The records of `subject` on which `ability` allows `action`, or `null` when it allows none (the caller
 * answers 403 without querying).
 *
 * @throws Error when a rule uses a condition the filter cannot express (e.g. a `$regex` other than
 * `^<escaped literal>` or `^(?:<escaped literal>|…)`, `$exists`, or a
 * non-scalar value). Such a rule is a bug in the policy; granting nothing silently would hide it.
 */
export function accessFilterFor(
  ability: AppAbility,
  action: Action,
  subject: SubjectName,
): AccessFilter | null {
  const ast = rulesToAST(ability, action, subject);
  return ast === null ? null : simplifyFilter(fromAst(ast));
}

type AstNode = NonNullable<ReturnType<typeof rulesToAST>>;

function fromAst(node: AstNode): AccessFilter {
  const { operator, value } = node as { operator: string; value: unknown };
  if ('field' in node) return fieldFilter(String((node as { field: unknown }).field), operator, value);
  const children = value as AstNode[];
  switch (operator) {
    case 'and':
      return { and: children.map(fromAst) };
    case 'or':
      return { or: children.map(fromAst) };
    case 'nor':
      return { not: { or: children.map(fromAst) } };
    case 'not':
      if (children.length !== 1) throw new Error(`Expected one operand under "not", got ${children.length}`);
      return { not: fromAst(children[0]) };
    default:
      throw new Error(`Unsupported compound condition "${operator}"`);
  }
}

function fieldFilter(field: string, op: string, value: unknown): AccessFilter {
  if (op === 'regex') {
    // Only `^<escaped literal>` and `^(?:<escaped literal>|…)` are understood (see prefix.ts); any other
    // pattern is refused below as an unknown operator.
    const literals = literalPrefixesOf(value);
    if (literals?.length === 1) return { field, op: 'prefix', value: literals[0]! };
    if (literals !== undefined) {
      return { or: literals.map((literal) => ({ field, op: 'prefix', value: literal })) };
    }
  }
  const filter = { field, op, value };
  if (!isFieldFilter(filter)) {
    throw new Error(
      `Unsupported condition on "${field}": operator "${op}" with value ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  return filter;
}

/**
 * Whether `x` is a well-formed {@link AccessFilter}: exactly the documented shape, no extra properties,
 * finite numbers, at most {@link MAX_FILTER_DEPTH} levels. A receiver must check a filter it got from
 * another service before turning it into SQL.
 */
export function isAccessFilter(x: unknown): x is AccessFilter {
  return isFilterAt(x, 1);
}

function isFilterAt(x: unknown, depth: number): boolean {
  if (depth > MAX_FILTER_DEPTH || !isRecord(x)) return false;
  const keys = Object.keys(x);
  if (keys.length === 1) {
    const [key] = keys;
    if (key === 'and' || key === 'or') {
      const children = x[key];
      return Array.isArray(children) && children.every((c) => isFilterAt(c, depth + 1));
    }
    if (key === 'not') return isFilterAt(x.not, depth + 1);
    return false;
  }
  return isFieldFilter(x);
}

function isFieldFilter(x: Record<string, unknown>): x is Record<string, unknown> & FieldFilter {
  const keys = Object.keys(x);
  if (keys.length !== 3 || !('field' in x) || !('op' in x) || !('value' in x)) return false;
  if (typeof x.field !== 'string' || x.field === '') return false;
  switch (x.op) {
    case 'eq':
    case 'ne':
      return isScalar(x.value);
    case 'in':
    case 'nin':
      // Array.prototype.every skips holes, so a sparse array would pass it.
      return (
        Array.isArray(x.value) && Object.keys(x.value).length === x.value.length && x.value.every(isScalar)
      );
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return typeof x.value === 'string' || isFiniteNumber(x.value);
    case 'prefix':
      return typeof x.value === 'string';
    default:
      return false;
  }
}

function isScalar(v: unknown): v is FilterScalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || isFiniteNumber(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
