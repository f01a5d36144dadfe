// DESIGN "Access model", fields to redact: the per-row redaction decision, made right after the access-filtered
// SELECT from the same rules. Each filter of the caller's `RedactionPlan` becomes a boolean column of that
// SELECT (evaluated only on the rows the access filter let through); `redactedFieldsOf` picks the parts to
// remove from those booleans, and the statement leaves storage without them.
import {
  type AccessFilter,
  type RedactionPlan,
  accessFilterToSql,
  isAccessFilter,
  redactedFieldsOf,
  type SqlParams,
} from '@custos/authz';
import { BadRequestError, type ReadStatementsV1 } from '@custos/contracts';
import { isRedactableStatementField, type RedactableStatementField } from '@custos/xapi';

import { statementAccessColumns } from './read-plan.js';

/** Checks the plan that crossed the wire; `undefined` when there is none (every statement is whole). */
export function redactionPlanOf(redaction: ReadStatementsV1['redaction']): RedactionPlan | undefined {
  if (redaction === undefined) return undefined;
  const filter = (f: unknown): AccessFilter => {
    if (!isAccessFilter(f)) throw new BadRequestError('malformed redaction filter');
    return f;
  };
  return {
    whole: redaction.whole === null ? null : filter(redaction.whole),
    partial: redaction.partial.map((p) => {
      if (!p.fields.every(isRedactableStatementField)) throw new BadRequestError('unknown redaction field');
      return { fields: p.fields, filter: filter(p.filter) };
    }),
  };
}

/** Extra SELECT columns `redact_whole`, `redact_0`, … of alias s, their parameters added to `params`. */
export function redactionColumns(plan: RedactionPlan, params: SqlParams): string {
  const column = (filter: AccessFilter | null, name: string) => {
    if (filter === null) return `false AS ${name}`;
    return `COALESCE((${accessFilterToSql(filter, statementAccessColumns('s'), params)}), false) AS ${name}`;
  };
  const columns = [
    column(plan.whole, 'redact_whole'),
    ...plan.partial.map((p, i) => column(p.filter, `redact_${i}`)),
  ];
  return columns.join(', ');
}

/** The parts to remove from a row selected with {@link redactionColumns}. */
export function redactedFieldsOfRow(
  plan: RedactionPlan,
  row: Record<string, unknown>,
): RedactableStatementField[] {
  return redactedFieldsOf(plan, {
    whole: row.redact_whole === true,
    partial: plan.partial.map((_, i) => row[`redact_${i}`] === true),
  });
}

/**
 * A boolean SQL expression of alias s (parameters added to `params`): whether a statement the access
 * filter let through keeps `field` — read whole, or matched by a partial rule that does not redact it
 * (`redactedFieldsOf` removes a field only when every partial rule the statement matches removes it).
 */
export function fieldKeptSql(
  plan: RedactionPlan | undefined,
  field: RedactableStatementField,
  params: SqlParams,
): string {
  if (plan === undefined) return 'true';
  const keeping = [plan.whole, ...plan.partial.filter((p) => !p.fields.includes(field)).map((p) => p.filter)];
  const tests = keeping
    .filter((f): f is AccessFilter => f !== null)
    .map((f) => `COALESCE((${accessFilterToSql(f, statementAccessColumns('s'), params)}), false)`);
  return tests.length === 0 ? 'false' : `(${tests.join(' OR ')})`;
}
