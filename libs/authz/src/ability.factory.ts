import { AbilityBuilder, createMongoAbility, subject } from '@casl/ability';

import type {
  AccessPrincipal,
  AppAbility,
  AppRule,
  CredentialAccessPrincipal,
  PersonAccessPrincipal,
} from './ability.types.js';
import { ACTIONS, type LearnerConsentSubject, SET_FIELDS, SUBJECT_NAMES } from './actions.js';
import { documentPolicy } from './policies/document.policy.js';
import type { Policy } from './policies/policy.js';
import { administrationPolicy } from './policies/administration.policy.js';
import { auditPolicy } from './policies/audit.policy.js';
import { auditIntegrityPolicy } from './policies/audit-integrity.policy.js';
import { erasurePolicy } from './policies/erasure.policy.js';
import { importPolicy } from './policies/import.policy.js';
import { consentAgencyPolicy } from './policies/consent-agency.policy.js';
import { processingRecordsPolicy } from './policies/processing-records.policy.js';
import { analyticsPolicy } from './policies/analytics.policy.js';
import { forwardingPolicy } from './policies/forwarding.policy.js';
import { type InstitutionPolicy, institutionPolicyRules } from './policies/institution.policy.js';
import { type PersonPolicy, selfAccessPolicy } from './policies/self.policy.js';
import { statementPolicy } from './policies/statement.policy.js';
import { literalPrefixesOf } from './prefix.js';
import { STATEMENT_READ_FIELDS } from './redaction.js';
import { parseScopes } from './scopes.js';

const policies: readonly Policy[] = [statementPolicy, documentPolicy];

// DESIGN "Access model" decision order for people: self access, then institution policies (with learner
// grants and objections as their conditions), added by `rulesFor` from the context consent loads.
const personPolicies: readonly PersonPolicy[] = [
  selfAccessPolicy,
  administrationPolicy,
  auditPolicy,
  auditIntegrityPolicy,
  erasurePolicy,
  consentAgencyPolicy,
  processingRecordsPolicy,
  analyticsPolicy,
  importPolicy,
  forwardingPolicy,
];

/** What consent knows about a principal beyond the principal itself. */
export interface AccessContext {
  /**
   * The current versions of the institution policies whose grantee is this principal (its credential, or the
   * person, one of their roles or groups). Grants and objections are not listed: the rules refer to them by
   * policy id and SQL reads them at query time.
   */
  readonly policies?: readonly InstitutionPolicy[];
}

/**
 * The raw rules granting `principal` what its scopes (a credential) or roles and linked agents (a person)
 * allow, plus what the institution policies in `context` give it: plain JSON, for sending to another service
 * which rebuilds the ability with {@link abilityFromRules}. A learner reads the statements whose data subject
 * is one of their linked agents and the State and Agent Profile documents of those agents; an admin manages
 * the people and policies of their tenant; anything else only through a policy.
 *
 * @throws Error when the principal has an empty tenant, credential or person id, an unknown scope, or an
 * empty linked agent hash, or a policy is of another tenant or malformed.
 */
export function rulesFor(principal: AccessPrincipal, context: AccessContext = {}): AppRule[] {
  const rules = principal.kind === 'person' ? personRules(principal) : credentialRules(principal);
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  institutionPolicyRules(builder, principal.tenantId, context.policies ?? []);
  return denyLast([...rules, ...builder.rules]);
}

function credentialRules(principal: CredentialAccessPrincipal): AppRule[] {
  const { tenantId, credentialId } = principal;
  if (typeof tenantId !== 'string' || tenantId === '') throw new Error('Principal has no tenantId');
  if (typeof credentialId !== 'string' || credentialId === '') {
    throw new Error('Principal has no credentialId');
  }
  const scopes = parseScopes(principal.scopes);

  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const policy of policies) policy(builder, { tenantId, credentialId, scopes });
  return denyLast(builder.rules);
}

function personRules(person: PersonAccessPrincipal): AppRule[] {
  const { tenantId, personId, roles, agentIfiHashes } = person;
  if (typeof tenantId !== 'string' || tenantId === '') throw new Error('Principal has no tenantId');
  if (typeof personId !== 'string' || personId === '') throw new Error('Principal has no personId');
  if (!agentIfiHashes.every((h) => typeof h === 'string' && h !== '')) {
    throw new Error('Principal has an empty agent identifier hash');
  }
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const policy of personPolicies) policy(builder, { tenantId, personId, roles, agentIfiHashes });
  return denyLast(builder.rules);
}

/**
 * The ability of `principal` with the institution policies consent loaded for it: scopes or roles, self access,
 * and one `read Statement` rule per policy. This is what a statement read decides with (consent sends these rules,
 * `rulesFor` with the same policies, and query rebuilds them with {@link abilityFromRules}).
 *
 * @throws Error as {@link rulesFor} does.
 */
export function abilityWithPolicies(
  principal: AccessPrincipal,
  policies: readonly InstitutionPolicy[],
): AppAbility {
  return createMongoAbility<AppAbility>(rulesFor(principal, { policies }));
}

/**
 * The ability of `principal` from its scopes or roles and self access alone, without institution policies.
 * Anything those do not grant is denied.
 *
 * Safe because institution policies only ever add `can read Statement` rules (`institutionPolicyRules`; the
 * invariant is tested in ability.factory.spec.ts): they never deny and never touch another action or subject. So
 * for every other action (write, explain, export, manage, verify, the audit log's `read AuditRecord`, documents)
 * this ability decides exactly as {@link abilityWithPolicies} would, and for `read Statement` it can only be
 * narrower (default deny) — which is what its uses there want: a learner's own self access (their export) and
 * the reach of one xAPI scope alone (`statementReadReach`).
 *
 * @throws Error as {@link rulesFor} does.
 */
export function abilityWithoutPolicies(principal: AccessPrincipal): AppAbility {
  return createMongoAbility<AppAbility>(rulesFor(principal));
}

/**
 * Rebuilds an ability from raw rules received from another service, checking them first since they crossed
 * the wire. `cannot` rules win over `can` rules whatever order they arrive in.
 *
 * Accepted rules: `action` one or more of `ACTIONS`; `subject` one or more of `SUBJECT_NAMES` (not CASL's
 * `all`); optional `conditions` (a plain object), `inverted` and `reason`. Field-level rules are refused
 * because an access filter decides about whole records. Every `can` rule must carry
 * `conditions.tenantId` as a plain string so a tenant boundary can never be lost in transit. A condition on
 * a set field (`SET_FIELDS`, e.g. `subjectIfiHashes`) must be `{ $in: [hash, …] }` or `$nin` with non-empty
 * strings, or a literal prefix `$regex` (see `prefix.ts`), on a subject that has that field.
 *
 * @throws Error describing the first offending rule.
 */
export function abilityFromRules(rules: unknown): AppAbility {
  return createMongoAbility<AppAbility>(denyLast(checkRules(rules)));
}

// CASL lets a later rule override an earlier one. Putting every `cannot` after every `can` gives the
// `cannot`s the highest priority, so a matching deny always wins, both in `ability.can` and in the filter
// `rulesToAST` derives.
function denyLast(rules: readonly AppRule[]): AppRule[] {
  return [...rules.filter((r) => !r.inverted), ...rules.filter((r) => r.inverted)];
}

const ruleKeys: ReadonlySet<string> = new Set([
  'action',
  'subject',
  'conditions',
  'inverted',
  'reason',
  'fields',
]);

// Field rules express redaction only (see redaction.ts): a `can read Statement` rule listing the statement parts
// it lets its grantee see, from the fixed list. Anywhere else a field would change what a filter means.
function checkFields(rule: Record<string, unknown>, fail: (why: string) => never): void {
  const { fields } = rule;
  if (rule.inverted === true || rule.action !== 'read' || rule.subject !== 'Statement') {
    fail('fields are only allowed on a can read Statement rule');
  }
  if (
    !Array.isArray(fields) ||
    fields.length === 0 ||
    !fields.every((f) => typeof f === 'string' && STATEMENT_READ_FIELDS.includes(f))
  ) {
    fail(`fields must be a non-empty list of ${STATEMENT_READ_FIELDS.join(', ')}`);
  }
}

function checkRules(rules: unknown): AppRule[] {
  if (!Array.isArray(rules)) throw new Error('Rules must be an array');
  rules.forEach(checkRule);
  return rules as AppRule[];
}

function checkRule(rule: unknown, index: number): void {
  const fail = (why: string): never => {
    throw new Error(`Invalid rule #${index}: ${why}`);
  };
  if (!isPlainObject(rule)) return fail('not an object');
  if ('fields' in rule) checkFields(rule, fail);
  for (const key of Object.keys(rule)) if (!ruleKeys.has(key)) fail(`unexpected property "${key}"`);

  if (!isOneOrMoreOf(rule.action, ACTIONS)) fail(`action must be one or more of ${ACTIONS.join(', ')}`);
  if (!isOneOrMoreOf(rule.subject, SUBJECT_NAMES)) {
    fail(`subject must be one or more of ${SUBJECT_NAMES.join(', ')}`);
  }
  if (rule.inverted !== undefined && typeof rule.inverted !== 'boolean') fail('inverted must be a boolean');
  if (rule.reason !== undefined && typeof rule.reason !== 'string') fail('reason must be a string');
  if (rule.conditions !== undefined && !isPlainObject(rule.conditions)) fail('conditions must be an object');
  if (!rule.inverted) {
    const tenantId = isPlainObject(rule.conditions) ? rule.conditions.tenantId : undefined;
    if (typeof tenantId !== 'string' || tenantId === '') fail('a can rule must have conditions.tenantId');
  }
  if (isPlainObject(rule.conditions)) checkSetConditions(rule.conditions, rule.subject, fail);
}

const allSetFields: ReadonlySet<string> = new Set(Object.values(SET_FIELDS).flat());

// A set field means "the record has one of these values" with `$in`, "has none of them" with `$nin`, and
// "has one starting with one of these literals" with a prefix `$regex`; any other operator (`$all`, `$size`,
// `$elemMatch`, a plain value, another pattern) would either mean something else or not translate to SQL.
function checkSetConditions(
  conditions: Record<string, unknown>,
  subjects: unknown,
  fail: (why: string) => never,
) {
  const names = (Array.isArray(subjects) ? subjects : [subjects]) as (keyof typeof SET_FIELDS)[];
  for (const [field, condition] of Object.entries(conditions)) {
    if (!allSetFields.has(field)) continue;
    if (!names.every((name) => SET_FIELDS[name].includes(field))) {
      fail(`${names.join(', ')} has no set field "${field}"`);
    }
    const operator = isPlainObject(condition) ? Object.keys(condition) : [];
    // A prefix test ("some element starts with one of these literals"), as startsWith/startsWithAny write it.
    if (operator.length === 1 && operator[0] === '$regex') {
      const pattern = (condition as Record<string, unknown>).$regex;
      if (typeof pattern !== 'string' || literalPrefixesOf(pattern) === undefined) {
        fail(`a $regex on "${field}" must be a literal prefix pattern (startsWith / startsWithAny)`);
      }
      continue;
    }
    const values =
      isPlainObject(condition) && operator.length === 1 && (operator[0] === '$in' || operator[0] === '$nin')
        ? condition[operator[0]]
        : undefined;
    if (
      !Array.isArray(values) ||
      Object.keys(values).length !== values.length ||
      !values.every((v) => typeof v === 'string' && v !== '')
    ) {
      fail(
        `a condition on "${field}" must be { $in: [non-empty strings] }, { $nin: [non-empty strings] } or a prefix { $regex }`,
      );
    }
  }
}

function isOneOrMoreOf(value: unknown, allowed: readonly string[]): boolean {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.length > 0 && list.every((v) => typeof v === 'string' && allowed.includes(v));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The people of a tenant as a CASL subject, for `ability.can('manage', peopleOf(tenantId))`. */
export const peopleOf = (tenantId: string) => subject('Person', { tenantId });

/** The sign-in locks of a tenant's people and credentials, for `ability.can('manage', signInsOf(tenantId))`. */
export const signInsOf = (tenantId: string) => subject('SignIn', { tenantId });

/** The xAPI client credentials of a tenant, for `ability.can('manage', credentialsOf(tenantId))`. */
export const credentialsOf = (tenantId: string) => subject('Credential', { tenantId });

/** The retention rules and legal holds of a tenant, for `ability.can('manage', retentionOf(tenantId))`. */
export const retentionOf = (tenantId: string) => subject('Retention', { tenantId });

/**
 * A learner's consent choices as a CASL subject, for `ability.can('manage', learnerConsentOf(…))`: whether the asker
 * may grant, revoke, object or request erasure for this learner (policies/consent-agency.policy.ts).
 */
export const learnerConsentOf = (facts: LearnerConsentSubject) => subject('LearnerConsent', { ...facts });

/** The forwarding targets of a tenant, for `ability.can('manage', forwardingTargetsOf(tenantId))`. */
export const forwardingTargetsOf = (tenantId: string) => subject('ForwardingTarget', { tenantId });

/** The records of processing of a tenant, for `ability.can('read', processingRecordsOf(tenantId))`. */
export const processingRecordsOf = (tenantId: string) => subject('ProcessingRecords', { tenantId });

/** The analytics of a tenant, for `ability.can('read', analyticsOf(tenantId))`. */
export const analyticsOf = (tenantId: string) => subject('Analytics', { tenantId });

/** The institution policies of a tenant as a CASL subject, for `ability.can('manage', policiesOf(tenantId))`. */
export const policiesOf = (tenantId: string) => subject('Policy', { tenantId });

/** The erasure of `personId`'s records, for `ability.can('write' | 'read' | 'manage', erasureOf(tenantId, personId))`. */
export const erasureOf = (tenantId: string, personId: string) => subject('Erasure', { tenantId, personId });

/** The imports into a tenant, for `ability.can('manage', importsOf(tenantId))`. */
export const importsOf = (tenantId: string) => subject('Import', { tenantId });

/** A tenant's audit log as a whole, for `ability.can('verify', auditLogOf(tenantId))`: no learner in particular. */
export const auditLogOf = (tenantId: string) => subject('AuditRecord', { tenantId, learnerIfiHashes: [] });
