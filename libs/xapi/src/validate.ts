// xAPI 1.0.3 Data §2.2 and Communication §2.1.1 / §2.1.2 (PUT and POST statements) and IEEE 9274.1.1
// §4.1.6.1 / §4.2.1 — entry points for validating request bodies and identifiers.

import { findUnstorableText } from './json-limits.js';
import { isUuid } from './primitives/identifiers.js';
import type { Statement, XapiVersion } from './types.js';
import { checkActor, presentIfis } from './validate/actor.js';
import { Report, child, isJsonObject, jsonType, type ValidationError } from './validate/report.js';
import { checkStatement } from './validate/statement.js';

export type { ValidationError } from './validate/report.js';

/**
 * Validates one statement against the rule set of `version`. Returns every problem found (empty when
 * valid), with paths rooted at "statement".
 */
export function validateStatement(input: unknown, version: XapiVersion): ValidationError[] {
  const report = new Report();
  checkStatement(input, 'statement', report, version);
  reportUnstorableText(input, 'statement', report);
  return report.errors;
}

/**
 * Data §2.2 lets a string hold any character, but PostgreSQL's jsonb cannot hold U+0000 or a lone surrogate:
 * such a statement is refused with the path of the value rather than stored altered (json-limits.ts).
 */
function reportUnstorableText(input: unknown, root: string, report: Report): void {
  for (const problem of findUnstorableText(input, root)) report.add(problem.path, problem.message);
}

export interface ValidateStatementsOptions {
  /**
   * The statementId parameter of a PUT. The body must then be a single statement whose id, if given,
   * matches (Communication §2.1.1).
   */
  statementId?: string;
}

/** The statements when the whole body is valid, otherwise every error found. */
export type ValidateStatementsResult =
  { ok: true; statements: Statement[] } | { ok: false; errors: ValidationError[] };

/**
 * Validates a statements request body: one statement object, or an array of them (an empty array is
 * valid). Paths are "statement…" for a single object and "statements[i]…" for an array. A batch that
 * repeats an id is rejected (Communication §2.1.2).
 */
export function validateStatements(
  body: unknown,
  version: XapiVersion,
  options: ValidateStatementsOptions = {},
): ValidateStatementsResult {
  const report = new Report();
  let statements: unknown[];
  reportUnstorableText(body, Array.isArray(body) ? 'statements' : 'statement', report);

  if (options.statementId !== undefined && !isUuid(options.statementId)) {
    report.add(
      'statementId',
      `the statementId parameter must be a UUID; got ${JSON.stringify(options.statementId)}`,
    );
  }

  if (Array.isArray(body)) {
    if (options.statementId !== undefined) {
      report.add(
        'body',
        'a PUT stores exactly one statement; the body must be a Statement object, not an array',
      );
      return { ok: false, errors: report.errors };
    }
    statements = body;
    body.forEach((statement, index) =>
      checkStatement(statement, child('statements', index), report, version),
    );
    checkDistinctIds(body, report);
  } else if (isJsonObject(body)) {
    statements = [body];
    checkStatement(body, 'statement', report, version);
    const id = body['id'];
    if (
      options.statementId !== undefined &&
      typeof id === 'string' &&
      id.toLowerCase() !== options.statementId.toLowerCase()
    ) {
      report.add(
        'statement.id',
        `the statement id must match the statementId parameter (${options.statementId}); got ${id}`,
      );
    }
  } else {
    report.add(
      'body',
      `the body must be a Statement object or an array of Statements; got ${jsonType(body)}`,
    );
    return { ok: false, errors: report.errors };
  }

  return report.ok
    ? { ok: true, statements: statements as Statement[] }
    : { ok: false, errors: report.errors };
}

function checkDistinctIds(statements: unknown[], report: Report): void {
  const firstIndex = new Map<string, number>();
  statements.forEach((statement, index) => {
    if (!isJsonObject(statement) || typeof statement['id'] !== 'string') return;
    const id = statement['id'].toLowerCase();
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else {
      report.add(
        `statements[${index}].id`,
        `statement ids must be unique within a batch; this repeats statements[${first}].id`,
      );
    }
  });
}

/**
 * Validates an Agent or Identified Group given outside a statement (the `agent` parameter of the
 * statement, state and agent-profile resources). It must carry an inverse functional identifier, since
 * that is what the LRS matches on.
 */
export function validateActor(value: unknown, path = 'agent'): ValidationError[] {
  const report = new Report();
  checkActor(value, path, report, { label: path, accept: 'either' });
  if (report.ok && isJsonObject(value) && presentIfis(value).length === 0) {
    report.add(
      path,
      `${path} must identify an Agent or an Identified Group by an inverse functional identifier; an anonymous Group cannot be matched`,
    );
  }
  return report.errors;
}
