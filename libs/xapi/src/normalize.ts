// xAPI 1.0.3 Data §2.4.6.2 (the LRS returns every contextActivities value as an array) and IEEE 9274.1.1
// §4.2.2.5 — the one structural rewrite the LRS applies to stored statements.

import type { Activity, Context, ContextActivities, Statement } from './types.js';

const CONTEXT_ACTIVITY_KEYS = ['parent', 'grouping', 'category', 'other'] as const;

/** Context activities with every value as an array (a single Activity becomes an array of one). */
export function normalizeContextActivities(contextActivities: ContextActivities): Record<string, Activity[]> {
  const normalized: Record<string, Activity[]> = {};
  for (const key of CONTEXT_ACTIVITY_KEYS) {
    const value = contextActivities[key];
    if (value !== undefined) normalized[key] = Array.isArray(value) ? value : [value];
  }
  return normalized;
}

function normalizeContext(context: Context): Context {
  if (!context.contextActivities) return context;
  return { ...context, contextActivities: normalizeContextActivities(context.contextActivities) };
}

/**
 * A deep copy of the statement with contextActivities arrays in the statement and in a SubStatement
 * object. The input is not modified.
 */
export function normalizeStatement(statement: Statement): Statement {
  const copy = structuredClone(statement);
  if (copy.context) copy.context = normalizeContext(copy.context);
  if (copy.object.objectType === 'SubStatement' && copy.object.context) {
    copy.object.context = normalizeContext(copy.object.context);
  }
  return copy;
}
