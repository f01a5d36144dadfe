import { subject } from '@casl/ability';

import type { AccessFilter, FieldFilter } from './access-filter.js';
import type { DocumentSubject } from './actions.js';
import { simplifyFilter } from './filter-simplify.js';

const TRUE: AccessFilter = { and: [] };
const FALSE: AccessFilter = { or: [] };

/**
 * The filter restricted to records whose `known` fields have the given values: every condition on such a
 * field is decided now and folded away. `{ or: [] }` (see {@link isFalseFilter}) means no such record can
 * match, e.g. a credential whose rules grant State documents asking for an Agent Profile.
 *
 * Only non-null values can be bound, so every decided condition is plainly true or false (a comparison
 * with null would be SQL's unknown).
 */
export function bindFilterFields(
  filter: AccessFilter,
  known: Readonly<Record<string, string | number | boolean>>,
): AccessFilter {
  const bind = (node: AccessFilter): AccessFilter => {
    if ('and' in node) return { and: node.and.map(bind) };
    if ('or' in node) return { or: node.or.map(bind) };
    if ('not' in node) return { not: bind(node.not) };
    if (!Object.hasOwn(known, node.field)) return node;
    return decide(node, known[node.field]!) ? TRUE : FALSE;
  };
  return simplifyFilter(bind(filter));
}

/** True for the filter that matches nothing. */
export function isFalseFilter(filter: AccessFilter): boolean {
  return 'or' in filter && filter.or.length === 0;
}

/** True for the filter that matches everything (e.g. a tenant-wide rule once `tenantId` is bound). */
export function isTrueFilter(filter: AccessFilter): boolean {
  return 'and' in filter && filter.and.length === 0;
}

/** A stored document as a CASL subject, for `ability.can(action, documentSubject(row))`. */
export function documentSubject(fields: DocumentSubject) {
  return subject('Document', { ...fields });
}

function decide(node: FieldFilter, actual: string | number | boolean): boolean {
  switch (node.op) {
    case 'eq':
      return actual === node.value;
    case 'ne':
      return actual !== node.value;
    case 'in':
      return node.value.includes(actual);
    case 'nin':
      return !node.value.includes(actual);
    case 'lt':
      return actual < node.value;
    case 'lte':
      return actual <= node.value;
    case 'gt':
      return actual > node.value;
    case 'gte':
      return actual >= node.value;
    case 'prefix':
      return typeof actual === 'string' && actual.startsWith(node.value);
  }
}
