import type { AccessFilter, FieldFilter, FilterScalar } from './access-filter.js';
import { likePrefixPattern } from './prefix.js';
import type { SqlParams } from './sql-params.js';

// A column reference such as `tenant_id`, `s.tenant_id` or `"s"."Tenant"`: the only SQL text a caller may
// inject, and only through the column map it writes itself.
const columnRef =
  /^(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")+")(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")+"))*$/;

const comparison = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * A set field answered by a sub-query: `exists` is `EXISTS (SELECT 1 FROM … WHERE … = ANY({values}))`, with
 * the outer alias already written in by the caller and exactly one `{values}` slot, which becomes a single
 * array parameter. `eq`/`in` render it as is ("the set holds one of these"), `ne`/`nin` as `NOT EXISTS`.
 *
 * With `match: 'prefix'` the template compares with `… LIKE ANY({values})` instead and takes only the
 * `prefix` operator ("some element starts with this literal"): the slot gets the escaped `LIKE` pattern.
 * A column is one kind or the other, so a value is never read as a pattern by mistake.
 */
export interface ExistsColumn {
  exists: string;
  /** How the slot compares: `= ANY` (the default, `eq`/`ne`/`in`/`nin`) or `LIKE ANY` (`prefix`). */
  match?: 'equal' | 'prefix';
}

/** How a filter field reaches SQL: a plain column reference, or an {@link ExistsColumn} for a set field. */
export type AccessColumn = string | ExistsColumn;

const VALUES_SLOT = '{values}';
const LIKE_SLOT = ` LIKE ANY(${VALUES_SLOT})`;

// The vetted shape of an EXISTS template: a fixed prefix, one slot, and none of the characters that could
// open a literal, a comment, a placeholder or a second statement. Templates are written by the owning
// service next to its schema, never received, but are checked anyway so a slip fails closed.
function checkExistsTemplate(field: string, template: string, match: 'equal' | 'prefix'): void {
  const fail = (why: string): never => {
    throw new Error(`EXISTS template for "${field}" ${why}`);
  };
  if (!template.startsWith('EXISTS (SELECT 1 FROM ') || !template.endsWith(')')) {
    fail('must be EXISTS (SELECT 1 FROM …)');
  }
  if (template.split(VALUES_SLOT).length !== 2) fail(`must have exactly one ${VALUES_SLOT} slot`);
  if ((match === 'prefix') !== template.includes(LIKE_SLOT)) {
    fail(match === 'prefix' ? `must compare with${LIKE_SLOT}` : `must not compare with${LIKE_SLOT}`);
  }
  if (/[;'"$\\]|--|\/\*/.test(template)) fail('contains a forbidden character');
  let depth = 0;
  for (const [i, ch] of [...template].entries()) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0 || (depth === 0 && i > 7 && i < template.length - 1)) fail('has unbalanced parentheses');
  }
  if (depth !== 0) fail('has unbalanced parentheses');
}

/**
 * Translates an access filter into a PostgreSQL boolean expression that can be ANDed into a `WHERE` clause
 * as is (it is parenthesised where needed). Every value becomes a parameter; only column references from
 * `columns` and fixed keywords reach the SQL text.
 *
 * Semantics match {@link AccessFilter}: `eq null` is `IS NULL`, `ne` is `IS DISTINCT FROM`, `in []` is
 * `FALSE`, `nin []` is `TRUE`, `prefix` is `LIKE` with the literal escaped, and `not x` is `(x) IS NOT TRUE` so that a NULL comparison under a deny
 * still lets the record through, as CASL would.
 *
 * @param columns maps each filter field (e.g. `tenantId`) to a column reference (e.g. `s.tenant_id`), or a set
 * field (e.g. `subjectIfiHashes`) to an {@link ExistsColumn}; a set field takes `eq`, `ne`, `in` and `nin`
 * with non-null values only, its values passed as one array parameter, or, with `match: 'prefix'`, `prefix`
 * only.
 * @param params the statement's parameters: every value is added to them, and its placeholder written in the text.
 * @throws Error on a field missing from `columns`, an unknown operator or node, a malformed value, or a
 * column map entry that is not a plain column reference. Nothing is ever skipped: fail closed.
 */
export function accessFilterToSql(
  filter: AccessFilter,
  columns: Readonly<Record<string, AccessColumn>>,
  params: SqlParams,
): string {
  const param = (value: unknown): string => params.add(value);
  const column = (field: string): AccessColumn => {
    const ref = Object.hasOwn(columns, field) ? columns[field] : undefined;
    if (ref === undefined) throw new Error(`No column for access filter field "${field}"`);
    if (
      typeof ref === 'object' &&
      ref !== null &&
      Object.keys(ref).every((k) => k === 'exists' || k === 'match') &&
      typeof ref.exists === 'string' &&
      (ref.match === undefined || ref.match === 'equal' || ref.match === 'prefix')
    ) {
      const match = ref.match ?? 'equal';
      checkExistsTemplate(field, ref.exists, match);
      return { exists: ref.exists, match };
    }
    if (typeof ref !== 'string' || !columnRef.test(ref)) {
      throw new Error(`Column for "${field}" is not a column reference: ${JSON.stringify(ref)}`);
    }
    return ref;
  };

  // `bracketed`: the whole text is one parenthesised group we produced, so it can be an operand as is.
  const render = (node: AccessFilter): { sql: string; bracketed: boolean } => {
    if (!isObject(node)) throw new Error('Malformed access filter node');
    const compound = 'and' in node || 'or' in node || 'not' in node;
    if (compound && Object.keys(node).length !== 1) throw new Error('Malformed access filter node');
    if ('and' in node) return junction(node.and, 'AND', 'TRUE');
    if ('or' in node) return junction(node.or, 'OR', 'FALSE');
    if ('not' in node) return { sql: `${operand(render(node.not))} IS NOT TRUE`, bracketed: false };
    return leaf(node);
  };

  const junction = (children: readonly AccessFilter[], op: 'AND' | 'OR', empty: string) => {
    // Checked through an `unknown` copy: Array.isArray would narrow the readonly list to any[].
    const list: unknown = children;
    if (!Array.isArray(list)) throw new Error(`Malformed access filter: ${op} needs a list`);
    if (children.length === 0) return { sql: empty, bracketed: false };
    if (children.length === 1) return render(children[0]!);
    return { sql: `(${children.map((c) => render(c).sql).join(` ${op} `)})`, bracketed: true };
  };

  const leaf = (node: FieldFilter): { sql: string; bracketed: boolean } => {
    const { field, op, value } = node as { field: unknown; op: unknown; value: unknown };
    if (typeof field !== 'string') throw new Error('Malformed access filter node');
    const ref = column(field);
    if (typeof ref !== 'string') {
      return ref.match === 'prefix'
        ? prefixSetLeaf(ref.exists, field, op, value)
        : setLeaf(ref.exists, field, op, value);
    }
    const col = ref;
    const plain = (sql: string) => ({ sql, bracketed: false });
    switch (op) {
      case 'eq':
        return plain(value === null ? `${col} IS NULL` : `${col} = ${param(scalar(value, field))}`);
      case 'ne':
        return plain(
          value === null ? `${col} IS NOT NULL` : `${col} IS DISTINCT FROM ${param(scalar(value, field))}`,
        );
      case 'in':
        return membership(col, list(value, field));
      case 'nin': {
        const values = list(value, field);
        return plain(values.length === 0 ? 'TRUE' : `${operand(membership(col, values))} IS NOT TRUE`);
      }
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        if (typeof value !== 'string' && !isFiniteNumber(value)) {
          throw new Error(`Access filter "${op}" on "${field}" needs a string or number`);
        }
        return plain(`${col} ${comparison[op]} ${param(value)}`);
      case 'prefix':
        // LIKE's default escape character is the backslash; the pattern escapes it, `%` and `_`.
        if (typeof value !== 'string') throw new Error(`Access filter "prefix" on "${field}" needs a string`);
        return plain(`${col} LIKE ${param(likePrefixPattern(value))}`);
      default:
        throw new Error(`Unsupported access filter operator ${JSON.stringify(op)} on "${field}"`);
    }
  };

  // "Some element of the set is one of `values`", as one sub-query with one array parameter; never a list of
  // ids. A null value has no agreed meaning for a set (missing field? null element?), so it fails closed.
  const setLeaf = (template: string, field: string, op: unknown, value: unknown) => {
    const setValues = (values: readonly FilterScalar[]) => {
      if (values.some((v) => v === null)) {
        throw new Error(`Access filter on set field "${field}" cannot use null`);
      }
      return values;
    };
    const exists = (values: readonly FilterScalar[]) =>
      template.replace(VALUES_SLOT, () => param([...values]));
    switch (op) {
      case 'eq':
        return { sql: exists(setValues([scalar(value, field)])), bracketed: false };
      case 'ne':
        return { sql: `NOT ${exists(setValues([scalar(value, field)]))}`, bracketed: false };
      case 'in': {
        const values = setValues(list(value, field));
        return { sql: values.length === 0 ? 'FALSE' : exists(values), bracketed: false };
      }
      case 'nin': {
        const values = setValues(list(value, field));
        return { sql: values.length === 0 ? 'TRUE' : `NOT ${exists(values)}`, bracketed: false };
      }
      default:
        throw new Error(`Unsupported access filter operator ${JSON.stringify(op)} on set field "${field}"`);
    }
  };

  // "Some element starts with the literal": the template's `LIKE ANY` gets the escaped pattern as a one-element
  // array. Only `prefix` reaches such a column; equality on it would compare values as patterns.
  const prefixSetLeaf = (template: string, field: string, op: unknown, value: unknown) => {
    if (op !== 'prefix') {
      throw new Error(
        `Unsupported access filter operator ${JSON.stringify(op)} on prefix set field "${field}"`,
      );
    }
    if (typeof value !== 'string') throw new Error(`Access filter "prefix" on "${field}" needs a string`);
    return { sql: template.replace(VALUES_SLOT, () => param([likePrefixPattern(value)])), bracketed: false };
  };

  // SQL's IN never matches NULL, whereas the filter's `in` does when the list holds null.
  const membership = (col: string, values: readonly FilterScalar[]) => {
    const present = values.filter((v) => v !== null);
    const isNull = values.length > present.length ? `${col} IS NULL` : null;
    const inList = present.length > 0 ? `${col} IN (${present.map(param).join(', ')})` : null;
    if (isNull && inList) return { sql: `(${isNull} OR ${inList})`, bracketed: true };
    return { sql: isNull ?? inList ?? 'FALSE', bracketed: false };
  };

  return render(filter).sql;
}

// `IS NOT TRUE` binds tighter than AND/OR but looser than comparisons; bracketing its operand keeps the
// meaning obvious to a reader and independent of precedence rules.
function operand({ sql, bracketed }: { sql: string; bracketed: boolean }): string {
  return bracketed ? sql : `(${sql})`;
}

function scalar(value: unknown, field: string): FilterScalar {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value)) {
    return value;
  }
  throw new Error(`Access filter value for "${field}" must be a string, finite number, boolean or null`);
}

function list(value: unknown, field: string): FilterScalar[] {
  if (!Array.isArray(value)) throw new Error(`Access filter value for "${field}" must be a list`);
  return Array.from(value, (v: unknown) => scalar(v, field));
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isObject(x: unknown): x is object {
  return typeof x === 'object' && x !== null;
}
