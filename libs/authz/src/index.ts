/**
 * Custos authorisation: who may do what to which records, decided by CASL rules and enforced inside SQL.
 *
 * The flow: {@link abilityWithPolicies} (or {@link rulesFor} then {@link abilityFromRules} across services) →
 * {@link accessFilterFor} → {@link isAccessFilter} on the receiving side → {@link accessFilterToSql}.
 *
 * @packageDocumentation
 */
export { XAPI_SCOPES, isXapiScope, mayDefineActivities, parseScopes, type XapiScope } from './scopes.js';
export {
  ACTIONS,
  CONTEXT_ACTIVITY_FIELDS,
  SET_FIELDS,
  SUBJECT_NAMES,
  type Action,
  type AuditRecordSubject,
  type ContextActivityKind,
  type DocumentKind,
  type DocumentSubject,
  type ErasureSubject,
  type ImportSubject,
  type LearnerConsentSubject,
  type PolicySubject,
  type StatementSubject,
  type SubjectName,
} from './actions.js';
export type { AccessPrincipal, AppAbility, AppRule, AppSubject } from './ability.types.js';
export {
  abilityFromRules,
  abilityWithPolicies,
  abilityWithoutPolicies,
  auditLogOf,
  credentialsOf,
  erasureOf,
  importsOf,
  learnerConsentOf,
  peopleOf,
  signInsOf,
  policiesOf,
  processingRecordsOf,
  analyticsOf,
  forwardingTargetsOf,
  retentionOf,
  rulesFor,
  type AccessContext,
} from './ability.factory.js';
export {
  LAWFUL_BASES,
  basisRequirement,
  type BasisRequirement,
  type InstitutionPolicy,
  type InstitutionPolicyScope,
  type LawfulBasis,
} from './policies/institution.policy.js';
export {
  likePrefixPattern,
  literalPrefixOf,
  literalPrefixesOf,
  startsWith,
  startsWithAny,
} from './prefix.js';
export {
  MAX_FILTER_DEPTH,
  accessFilterFor,
  isAccessFilter,
  type AccessFilter,
  type EqualityFilter,
  type FieldFilter,
  type FilterOp,
  type FilterScalar,
  type MembershipFilter,
  type PrefixFilter,
  type RangeFilter,
} from './access-filter.js';
export { accessFilterToSql, type AccessColumn, type ExistsColumn } from './to-sql.js';
export { SqlParams, type SqlPart } from './sql-params.js';
export { auditRecordFilterFor, coversWholeAuditLog } from './audit-log.js';
export { bindFilterFields, documentSubject, isFalseFilter, isTrueFilter } from './filter-bind.js';
export {
  STATEMENT_READ_FIELDS,
  permittedStatementFields,
  redactedFieldsOf,
  statementRedactionPlan,
  type RedactionPlan,
} from './redaction.js';
export {
  explainViewOf,
  redactedFieldsOfSources,
  statementReadReach,
  statementReadSources,
  type ReadSource,
  type StatementReadSource,
} from './explain.js';
export { basisOfReadSource, ownAccessBasis, type AuditBasis } from './audit-basis.js';
export { policyScopeFilter } from './policy-scope.js';
