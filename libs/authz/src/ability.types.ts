import type { ForcedSubject, MongoAbility, RawRuleOf } from '@casl/ability';

import type {
  Action,
  AuditRecordSubject,
  CredentialSubject,
  DocumentSubject,
  ErasureSubject,
  ImportSubject,
  LearnerConsentSubject,
  PersonSubject,
  PolicySubject,
  RetentionSubject,
  ProcessingRecordsSubject,
  AnalyticsSubject,
  ForwardingTargetSubject,
  SignInSubject,
  StatementSubject,
  SubjectName,
} from './actions.js';

/**
 * Who is asking. Structural so that an authenticated credential can be passed as is; people with roles will
 * extend it.
 */
export interface CredentialAccessPrincipal {
  kind?: 'credential';
  tenantId: string;
  credentialId: string;
  scopes: readonly string[];
}

export interface PersonAccessPrincipal {
  kind: 'person';
  tenantId: string;
  personId: string;
  roles: readonly string[];
  groupIds: readonly string[];
  agentIfiHashes: readonly string[];
}

/** Who the rules are for: an xAPI credential (scopes) or a person (roles, groups, linked agents). */
export type AccessPrincipal = CredentialAccessPrincipal | PersonAccessPrincipal;

/**
 * What `can` may be asked about: a subject name, or a concrete record tagged with its subject name via
 * CASL's `subject('Statement', row)`.
 */
export type AppSubject =
  | SubjectName
  | (StatementSubject & ForcedSubject<'Statement'>)
  | (DocumentSubject & ForcedSubject<'Document'>)
  | (PersonSubject & ForcedSubject<'Person'>)
  | (PolicySubject & ForcedSubject<'Policy'>)
  | (AuditRecordSubject & ForcedSubject<'AuditRecord'>)
  | (SignInSubject & ForcedSubject<'SignIn'>)
  | (CredentialSubject & ForcedSubject<'Credential'>)
  | (RetentionSubject & ForcedSubject<'Retention'>)
  | (ErasureSubject & ForcedSubject<'Erasure'>)
  | (LearnerConsentSubject & ForcedSubject<'LearnerConsent'>)
  | (ProcessingRecordsSubject & ForcedSubject<'ProcessingRecords'>)
  | (AnalyticsSubject & ForcedSubject<'Analytics'>)
  | (ImportSubject & ForcedSubject<'Import'>)
  | (ForwardingTargetSubject & ForcedSubject<'ForwardingTarget'>);

/** The CASL ability used across Custos. Build it with `abilityWithPolicies`, `abilityWithoutPolicies` or `abilityFromRules` only. */
export type AppAbility = MongoAbility<[Action, AppSubject]>;

/** One raw (JSON-serialisable) rule of an {@link AppAbility}, as produced by `rulesFor`. */
export type AppRule = RawRuleOf<AppAbility>;
