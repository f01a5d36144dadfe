// DESIGN "Access model", fields to redact: an institution policy may withhold statement parts from its grantee.
// Its rule is a CASL field rule, `can('read', 'Statement', permittedFields, conditions)`, whose permitted fields
// are every redactable part the policy does not redact (plus `id`, so the list is never empty). CASL's meaning
// of field rules then gives the answer: a part is visible when some rule matching the statement permits it,
// i.e. the parts removed are the intersection of the redact sets of the matching rules, and nothing is removed
// when a matching rule has no field list (self access, scopes, a policy without redactions).
//
// Storage cannot run CASL per row, so the rules are compiled into one access filter per distinct field list
// (`RedactionPlan`); storage evaluates each filter as a boolean column of the already access-filtered row and
// {@link redactedFieldsOf} turns those booleans into the parts to remove.
import { createMongoAbility } from '@casl/ability';
import { REDACTABLE_STATEMENT_FIELDS, type RedactableStatementField } from '@custos/xapi';

import type { AppAbility, AppRule } from './ability.types.js';
import { type AccessFilter, accessFilterFor } from './access-filter.js';

/** Every field a Statement read rule may list; a rule without a list permits all of them. */
export const STATEMENT_READ_FIELDS: readonly string[] = ['id', ...REDACTABLE_STATEMENT_FIELDS];

/** The fields a policy rule permits, given what it redacts; `undefined` (a whole-record rule) when nothing. */
export function permittedStatementFields(redact: readonly string[]): string[] | undefined {
  if (redact.length === 0) return undefined;
  const removed = new Set(redact);
  return STATEMENT_READ_FIELDS.filter((f) => !removed.has(f));
}

/** Which statements are read whole, and which with which parts removed. */
export interface RedactionPlan {
  /** Statements some whole-record rule allows (`null`: none). */
  readonly whole: AccessFilter | null;
  /** Per distinct field rule: the statements it allows and the parts it removes. */
  readonly partial: { fields: RedactableStatementField[]; filter: AccessFilter }[];
}

/**
 * The redaction plan of checked rules (as `abilityFromRules` accepts them), or `undefined` when no Statement
 * read rule has a field list (every readable statement is whole).
 */
export function statementRedactionPlan(rules: readonly AppRule[]): RedactionPlan | undefined {
  const reads = rules.filter((r) => !r.inverted && appliesToStatementRead(r));
  if (!reads.some((r) => r.fields !== undefined)) return undefined;
  const denies = rules.filter((r) => r.inverted);
  const filterOf = (can: readonly AppRule[]) =>
    can.length === 0
      ? null
      : accessFilterFor(createMongoAbility<AppAbility>([...can, ...denies]), 'read', 'Statement');

  const groups = new Map<string, AppRule[]>();
  for (const rule of reads) {
    if (rule.fields === undefined) continue;
    const key = [...new Set(toArray(rule.fields))].sort().join(' ');
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  const partial: RedactionPlan['partial'][number][] = [];
  for (const [key, group] of groups) {
    const permitted = new Set(key.split(' '));
    const filter = filterOf(group.map((r) => stripFields(r)));
    const fields = REDACTABLE_STATEMENT_FIELDS.filter((f) => !permitted.has(f));
    if (filter !== null) partial.push({ fields, filter });
  }
  return { whole: filterOf(reads.filter((r) => r.fields === undefined)), partial };
}

/**
 * The parts to remove from one statement, from which of the plan's filters it matches (`whole`, and one
 * boolean per `plan.partial` entry). A statement matching none is unexpected (it passed the access filter):
 * every redactable part is removed, failing closed.
 */
export function redactedFieldsOf(
  plan: RedactionPlan,
  matches: { readonly whole: boolean; readonly partial: readonly boolean[] },
): RedactableStatementField[] {
  if (matches.whole) return [];
  let removed: Set<RedactableStatementField> | undefined;
  plan.partial.forEach((p, i) => {
    if (matches.partial[i] !== true) return;
    removed = removed === undefined ? new Set(p.fields) : new Set(p.fields.filter((f) => removed!.has(f)));
  });
  return removed === undefined ? [...REDACTABLE_STATEMENT_FIELDS] : [...removed];
}

const toArray = <T>(x: T | readonly T[]): readonly T[] => (Array.isArray(x) ? x : [x as T]);

function appliesToStatementRead(rule: AppRule): boolean {
  const actions = toArray(rule.action as string | string[]);
  const subjects = toArray(rule.subject as string | string[]);
  return (actions.includes('read') || actions.includes('manage')) && subjects.includes('Statement');
}

function stripFields(rule: AppRule): AppRule {
  const { fields: _fields, ...rest } = rule;
  return rest;
}
