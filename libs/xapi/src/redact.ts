// xAPI 2.0 Data §2.4 (Statement properties): the statement parts an institution policy may withhold from its
// grantee (DESIGN "Access model", fields to redact). A fixed list: the identifying and structural parts
// (id, actor, verb, object, timestamp, stored, authority, version) are never removed, so a redacted statement
// still says who did what and when, and stays a valid statement (every listed part is optional).
import type { Statement } from './types.js';

/** Dotted statement paths a policy may redact. */
export const REDACTABLE_STATEMENT_FIELDS = [
  'result.score',
  'result.success',
  'result.completion',
  'result.response',
  'result.duration',
  'result.extensions',
  'context.instructor',
  'context.team',
  'context.contextActivities',
  'context.contextAgents',
  'context.contextGroups',
  'context.revision',
  'context.platform',
  'context.language',
  'context.statement',
  'context.extensions',
  'attachments',
] as const;

export type RedactableStatementField = (typeof REDACTABLE_STATEMENT_FIELDS)[number];

const redactable: ReadonlySet<string> = new Set(REDACTABLE_STATEMENT_FIELDS);

export const isRedactableStatementField = (path: string): path is RedactableStatementField =>
  redactable.has(path);

/**
 * A copy of `statement` without the given parts, wherever they occur: in the statement itself and in a
 * SubStatement it carries as its object (Data §2.4.4.3: a SubStatement has its own result, context and
 * attachments, so a part withheld from the statement is withheld from it too). A `result` or `context` left
 * empty is removed. The input is not modified.
 */
export function redactStatement(
  statement: Statement,
  fields: readonly RedactableStatementField[],
): Statement {
  if (fields.length === 0) return statement;
  const copy = withoutParts(statement as unknown as Record<string, unknown>, fields);
  const object = copy.object as Record<string, unknown> | undefined;
  // Data §2.4.4.3: a SubStatement cannot contain another, so one level is all there is.
  if (object?.objectType === 'SubStatement') copy.object = withoutParts(object, fields);
  return copy as unknown as Statement;
}

/** A shallow copy of one statement-shaped object without the given parts. */
function withoutParts(
  source: Record<string, unknown>,
  fields: readonly RedactableStatementField[],
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...source };
  for (const field of fields) {
    const [head, tail] = field.split('.') as [string, string | undefined];
    if (tail === undefined) {
      delete copy[head];
      continue;
    }
    const part = copy[head];
    if (typeof part !== 'object' || part === null) continue;
    const rest: Record<string, unknown> = { ...(part as Record<string, unknown>) };
    delete rest[tail];
    if (Object.keys(rest).length === 0) delete copy[head];
    else copy[head] = rest;
  }
  return copy;
}
