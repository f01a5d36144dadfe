// Every NATS subject and its payload schemas, defined once (STYLE B5). Subjects are relative
// to a deployment namespace (`CUSTOS_NAMESPACE`, default `custos`), so the wire subject is
// `custos.storage.v1.statements.store`; two installations can share one NATS cluster.
import type { z } from 'zod';

import {
  GetActivityReplyV1,
  GetActivityV1,
  GetPersonReplyV1,
  GetPersonV1,
  ReadActivityDefinitionReplyV1,
  ReadActivityDefinitionV1,
} from './v1/activities.js';
import { AgentReadableReplyV1, AgentReadableV1, ResolveAgentReplyV1, ResolveAgentV1 } from './v1/agents.js';
import {
  EffectiveAccessReplyV1,
  EvaluateStatementAccessReplyV1,
  EvaluateStatementAccessV1,
  ExplainStatementV1,
  ExplanationV1,
  GetEffectiveAccessV1,
  ResolvePrincipalReplyV1,
  ResolvePrincipalV1,
} from './v1/access.js';
import {
  AggregateAnalyticsV1,
  AnalyticsBasisReplyV1,
  AnalyticsBasisRequestV1,
  AnalyticsResultV1,
  RunAnalyticsV1,
} from './v1/analytics.js';
import { AuditRecordedV1 } from './v1/audit-events.js';
import {
  BeginImportReplyV1,
  BeginImportV1,
  GetImportV1,
  ImportJobReplyV1,
  ImportOutcomeV1,
  ImportProgressReplyV1,
  ImportProgressV1,
  ImportStatementsV1,
  ListImportsReplyV1,
  ListImportsV1,
  StartImportV1,
  StoreImportedStatementsV1,
} from './v1/imports.js';
import { ImportPortableStatementsV1 } from './v1/portable.js';
import { AuditEvidencePackV1, AuditEvidenceParamsV1, BuildAuditEvidenceV1 } from './v1/audit-evidence.js';
import { RecordsOfProcessingRequestV1, RecordsOfProcessingV1 } from './v1/processing.js';
import {
  AppendAuditReplyV1,
  AppendAuditV1,
  AuditCheckpointV1,
  AuditIntegrityRequestV1,
  AuditPublicKeyRequestV1,
  AuditProofParamsV1,
  AuditProofRequestV1,
  AuditProofV1,
  AuditPublicKeyV1,
  CreateAuditCheckpointV1,
  ListAuditCheckpointsReplyV1,
  ListAuditCheckpointsV1,
  ListCheckpointsReplyV1,
  ListCheckpointsRequestV1,
  RecordRefusalReplyV1,
  RecordRefusalV1,
  VerifyAuditReplyV1,
  VerifyAuditV1,
} from './v1/audit.js';
import {
  AccessLogReplyV1,
  AuditStatsV1,
  BeginAuditExportReplyV1,
  BeginAuditExportV1,
  GetAccessLogV1,
  GetAuditStatsV1,
  ListAuditRecordsReplyV1,
  ListAuditRecordsV1,
  PersonIdentifiersReplyV1,
  PersonIdentifiersV1,
  PrincipalNamesReplyV1,
  PrincipalNamesV1,
  ReadAuditExportPageV1,
  ReadAuditExportReplyV1,
  ReadAuditExportV1,
  ReadAuditRecordsReplyV1,
  ReadAuditRecordsV1,
  ReadAuditStatsV1,
  StartAuditExportReplyV1,
  StartAuditExportV1,
} from './v1/audit-log.js';
import { ConsentChangedV1 } from './v1/consent-events.js';
import {
  AuthenticateCredentialReplyV1,
  BindCredentialV1,
  AuthenticateCredentialV1,
  CreateCredentialV1,
  CreatedCredentialV1,
  CredentialReplyV1,
  GetAbilityReplyV1,
  GetAbilityV1,
  ListCredentialsReplyV1,
  ListCredentialsV1,
  RevokeCredentialV1,
} from './v1/credentials.js';
import {
  FindDocumentsReplyV1,
  FindDocumentsV1,
  ReadDocumentsReplyV1,
  ReadDocumentsV1,
  StoreDocumentReplyV1,
  StoreDocumentV1,
  WriteDocumentReplyV1,
  WriteDocumentV1,
} from './v1/documents.js';
import {
  AuthorizeExportReplyV1,
  AuthorizeExportV1,
  BeginExportReplyV1,
  BeginExportV1,
  ReadExportPageReplyV1,
  ReadExportPageV1,
  ReadExportReplyV1,
  ReadExportV1,
  StartExportReplyV1,
  StartExportV1,
} from './v1/exports.js';
import {
  CreateErasureV1,
  EraseLearnerRecordsReplyV1,
  EraseLearnerRecordsV1,
  ErasureByIdV1,
  ErasureReplyV1,
  ListErasuresReplyV1,
  ListOwnErasuresV1,
  RequestOwnErasureV1,
  SealErasureReplyV1,
  SealErasureV1,
} from './v1/erasure.js';
import {
  ClaimForwardingReplyV1,
  ClaimForwardingV1,
  CreateForwardingTargetV1,
  DeadLetterByIdV1,
  DeadLetterReplyV1,
  ForwardingStatusReplyV1,
  ForwardingTargetByIdV1,
  ForwardingTargetReplyV1,
  ListDeadLettersReplyV1,
  ListForwardingTargetsReplyV1,
  ListForwardingTargetsV1,
  SettleForwardingReplyV1,
  SettleForwardingV1,
  UpdateForwardingTargetV1,
} from './v1/forwarding.js';
import { CheckHealthReplyV1, CheckHealthV1 } from './v1/health.js';
import {
  AuthenticatePersonReplyV1,
  AuthenticatePersonV1,
  CreateGroupV1,
  CreatePersonV1,
  GetMeV1,
  GetTenantSettingsV1,
  GroupReplyV1,
  ListWardsReplyV1,
  ListWardsV1,
  SetTenantSettingsV1,
  TenantSettingsReplyV1,
  ListGroupsReplyV1,
  ListGroupsV1,
  ListPeopleReplyV1,
  ListPeopleV1,
  LoginReplyV1,
  LoginV1,
  UnlockSignInReplyV1,
  UnlockSignInV1,
  PersonReplyV1,
  SetGroupMembersV1,
  UpdatePersonV1,
} from './v1/people.js';
import {
  CreateGrantV1,
  CreateObjectionV1,
  CreatePolicyV1,
  GetReceiptV1,
  ListConsentRequestsReplyV1,
  ListConsentRequestsV1,
  ListPoliciesReplyV1,
  ListPoliciesV1,
  ListPolicyCountsReplyV1,
  ListPolicyCountsV1,
  PolicyHistoryV1,
  PolicyReplyV1,
  ReceiptReplyV1,
  RevokeGrantV1,
  UpdatePolicyV1,
  WithdrawObjectionV1,
  ListReceiptsReplyV1,
  ListReceiptsV1,
} from './v1/policies.js';
import {
  CreateLegalHoldV1,
  CreateRetentionRuleV1,
  DeleteRetentionRuleV1,
  LegalHoldReplyV1,
  ListLegalHoldsReplyV1,
  ListLegalHoldsV1,
  ListRetentionRulesReplyV1,
  ListRetentionRulesV1,
  ReleaseLegalHoldV1,
  RetentionReportV1,
  RetentionRuleReplyV1,
  RunRetentionV1,
} from './v1/retention.js';
import {
  FindStatementsReplyV1,
  FindStatementsV1,
  IngestStatementsReplyV1,
  IngestStatementsV1,
  ReadStatementsReplyV1,
  ReadStatementsV1,
  StatementsStoredV1,
  StoreStatementsReplyV1,
  StoreStatementsV1,
} from './v1/statements.js';

/** Request/reply subjects: the caller waits for an answer. */
export const Requests = {
  'consent.v1.credentials.authenticate': {
    request: AuthenticateCredentialV1,
    reply: AuthenticateCredentialReplyV1,
  },
  'consent.v1.ability.get': { request: GetAbilityV1, reply: GetAbilityReplyV1 },
  // The admin API over a tenant's xAPI credentials (GET/POST /api/v1/credentials, DELETE /api/v1/credentials/{id}).
  'consent.v1.credentials.list': { request: ListCredentialsV1, reply: ListCredentialsReplyV1 },
  'consent.v1.credentials.create': { request: CreateCredentialV1, reply: CreatedCredentialV1 },
  'consent.v1.credentials.revoke': { request: RevokeCredentialV1, reply: CredentialReplyV1 },
  'consent.v1.credentials.bind': { request: BindCredentialV1, reply: CredentialReplyV1 },
  'consent.v1.people.login': { request: LoginV1, reply: LoginReplyV1 },
  'consent.v1.people.authenticate': { request: AuthenticatePersonV1, reply: AuthenticatePersonReplyV1 },
  'consent.v1.signin.unlock': { request: UnlockSignInV1, reply: UnlockSignInReplyV1 },
  'consent.v1.people.me': { request: GetMeV1, reply: PersonReplyV1 },
  'consent.v1.people.list': { request: ListPeopleV1, reply: ListPeopleReplyV1 },
  'consent.v1.people.create': { request: CreatePersonV1, reply: PersonReplyV1 },
  'consent.v1.people.update': { request: UpdatePersonV1, reply: PersonReplyV1 },
  // A tenant's settings (its age of digital consent); a guardian's linked learners.
  'consent.v1.tenant.settings.get': { request: GetTenantSettingsV1, reply: TenantSettingsReplyV1 },
  'consent.v1.tenant.settings.set': { request: SetTenantSettingsV1, reply: TenantSettingsReplyV1 },
  'consent.v1.guardian.learners': { request: ListWardsV1, reply: ListWardsReplyV1 },
  'consent.v1.groups.list': { request: ListGroupsV1, reply: ListGroupsReplyV1 },
  'consent.v1.groups.create': { request: CreateGroupV1, reply: GroupReplyV1 },
  'consent.v1.groups.members.set': { request: SetGroupMembersV1, reply: GroupReplyV1 },
  'consent.v1.policies.list': { request: ListPoliciesV1, reply: ListPoliciesReplyV1 },
  'consent.v1.policies.create': { request: CreatePolicyV1, reply: PolicyReplyV1 },
  'consent.v1.policies.update': { request: UpdatePolicyV1, reply: PolicyReplyV1 },
  'consent.v1.policies.history': { request: PolicyHistoryV1, reply: ListPoliciesReplyV1 },
  'consent.v1.policies.counts': { request: ListPolicyCountsV1, reply: ListPolicyCountsReplyV1 },
  'consent.v1.consent.requests': { request: ListConsentRequestsV1, reply: ListConsentRequestsReplyV1 },
  'consent.v1.grants.create': { request: CreateGrantV1, reply: ReceiptReplyV1 },
  'consent.v1.grants.revoke': { request: RevokeGrantV1, reply: ReceiptReplyV1 },
  'consent.v1.objections.create': { request: CreateObjectionV1, reply: ReceiptReplyV1 },
  'consent.v1.objections.withdraw': { request: WithdrawObjectionV1, reply: ReceiptReplyV1 },
  'consent.v1.receipts.get': { request: GetReceiptV1, reply: ReceiptReplyV1 },
  'consent.v1.receipts.list': { request: ListReceiptsV1, reply: ListReceiptsReplyV1 },
  'consent.v1.health.check': { request: CheckHealthV1, reply: CheckHealthReplyV1 },
  'ingest.v1.statements.ingest': { request: IngestStatementsV1, reply: IngestStatementsReplyV1 },
  'ingest.v1.health.check': { request: CheckHealthV1, reply: CheckHealthReplyV1 },
  'storage.v1.statements.store': { request: StoreStatementsV1, reply: StoreStatementsReplyV1 },
  'storage.v1.statements.read': { request: ReadStatementsV1, reply: ReadStatementsReplyV1 },
  'storage.v1.audit.append': { request: AppendAuditV1, reply: AppendAuditReplyV1 },
  // A request ingest or query refused for its principal assertion (ADR 0006), as a security record.
  'storage.v1.audit.refusal': { request: RecordRefusalV1, reply: RecordRefusalReplyV1 },
  'storage.v1.audit.verify': { request: VerifyAuditV1, reply: VerifyAuditReplyV1 },
  // Signed checkpoints of the chain and its verification (GET /api/v1/audit/verify, /checkpoints, /public-key).
  'storage.v1.audit.checkpoints.list': {
    request: ListAuditCheckpointsV1,
    reply: ListAuditCheckpointsReplyV1,
  },
  'storage.v1.audit.checkpoints.create': { request: CreateAuditCheckpointV1, reply: AuditCheckpointV1 },
  'storage.v1.audit.public-key': { request: AuditPublicKeyRequestV1, reply: AuditPublicKeyV1 },
  'storage.v1.audit.proof': { request: AuditProofRequestV1, reply: AuditProofV1 },
  'query.v1.audit.proof': { request: AuditProofParamsV1, reply: AuditProofV1 },
  // The evidence pack of a period (GET /api/v1/audit/evidence), for an external auditor to verify offline.
  'storage.v1.audit.evidence': { request: BuildAuditEvidenceV1, reply: AuditEvidencePackV1 },
  'query.v1.audit.evidence': { request: AuditEvidenceParamsV1, reply: AuditEvidencePackV1 },
  // Records of processing (GET /api/v1/records-of-processing): query builds them from consent's current policies
  // and storage's retention rules, each part deciding with CASL that the asker may have them.
  'query.v1.processing.records': { request: RecordsOfProcessingRequestV1, reply: RecordsOfProcessingV1 },
  'consent.v1.processing.policies': { request: RecordsOfProcessingRequestV1, reply: ListPoliciesReplyV1 },
  'storage.v1.processing.retention': {
    request: RecordsOfProcessingRequestV1,
    reply: ListRetentionRulesReplyV1,
  },
  'query.v1.audit.verify': { request: AuditIntegrityRequestV1, reply: VerifyAuditReplyV1 },
  'query.v1.audit.checkpoints.list': { request: ListCheckpointsRequestV1, reply: ListCheckpointsReplyV1 },
  'query.v1.audit.checkpoints.create': { request: AuditIntegrityRequestV1, reply: AuditCheckpointV1 },
  'query.v1.audit.public-key': { request: AuditIntegrityRequestV1, reply: AuditPublicKeyV1 },
  'storage.v1.health.check': { request: CheckHealthV1, reply: CheckHealthReplyV1 },
  'query.v1.statements.find': { request: FindStatementsV1, reply: FindStatementsReplyV1 },
  'query.v1.health.check': { request: CheckHealthV1, reply: CheckHealthReplyV1 },
  'query.v1.activities.get': { request: GetActivityV1, reply: GetActivityReplyV1 },
  'query.v1.agents.person': { request: GetPersonV1, reply: GetPersonReplyV1 },
  'storage.v1.activities.read': { request: ReadActivityDefinitionV1, reply: ReadActivityDefinitionReplyV1 },
  'ingest.v1.documents.write': { request: WriteDocumentV1, reply: WriteDocumentReplyV1 },
  'storage.v1.documents.write': { request: StoreDocumentV1, reply: StoreDocumentReplyV1 },
  'query.v1.documents.find': { request: FindDocumentsV1, reply: FindDocumentsReplyV1 },
  'storage.v1.documents.read': { request: ReadDocumentsV1, reply: ReadDocumentsReplyV1 },
  // The Agents resource's Person (Communication §2.6): who the agent is, and may the caller read that learner.
  'consent.v1.agents.resolve': { request: ResolveAgentV1, reply: ResolveAgentReplyV1 },
  'storage.v1.agents.readable': { request: AgentReadableV1, reply: AgentReadableReplyV1 },
  // Learner data exports (DESIGN "Privacy operations").
  'consent.v1.exports.authorize': { request: AuthorizeExportV1, reply: AuthorizeExportReplyV1 },
  'query.v1.exports.start': { request: StartExportV1, reply: StartExportReplyV1 },
  'query.v1.exports.read': { request: ReadExportV1, reply: ReadExportReplyV1 },
  'storage.v1.exports.begin': { request: BeginExportV1, reply: BeginExportReplyV1 },
  'storage.v1.exports.read': { request: ReadExportPageV1, reply: ReadExportPageReplyV1 },
  // Explaining access to one statement, and a learner's effective access (GET /api/v1/explain,
  // GET /api/v1/me/effective-access).
  'query.v1.statements.explain': { request: ExplainStatementV1, reply: ExplanationV1 },
  'consent.v1.principals.resolve': { request: ResolvePrincipalV1, reply: ResolvePrincipalReplyV1 },
  'storage.v1.statements.explain': {
    request: EvaluateStatementAccessV1,
    reply: EvaluateStatementAccessReplyV1,
  },
  'consent.v1.access.effective': { request: GetEffectiveAccessV1, reply: EffectiveAccessReplyV1 },
  // Reading the audit log: the auditor API and a learner's access log (GET /api/v1/audit/records, /export,
  // /stats; GET /api/v1/me/access-log).
  'query.v1.audit.records': { request: ListAuditRecordsV1, reply: ListAuditRecordsReplyV1 },
  'query.v1.audit.export.start': { request: StartAuditExportV1, reply: StartAuditExportReplyV1 },
  'query.v1.audit.export.read': { request: ReadAuditExportV1, reply: ReadAuditExportReplyV1 },
  'query.v1.audit.stats': { request: GetAuditStatsV1, reply: AuditStatsV1 },
  'query.v1.audit.access-log': { request: GetAccessLogV1, reply: AccessLogReplyV1 },
  'storage.v1.audit.records.read': { request: ReadAuditRecordsV1, reply: ReadAuditRecordsReplyV1 },
  'storage.v1.audit.export.begin': { request: BeginAuditExportV1, reply: BeginAuditExportReplyV1 },
  'storage.v1.audit.export.read': { request: ReadAuditExportPageV1, reply: ReadAuditRecordsReplyV1 },
  'storage.v1.audit.stats': { request: ReadAuditStatsV1, reply: AuditStatsV1 },
  'consent.v1.people.identifiers': { request: PersonIdentifiersV1, reply: PersonIdentifiersReplyV1 },
  // Retention of statements and legal holds (/api/v1/retention/*): storage owns the rules and decides (CASL).
  'storage.v1.retention.rules.list': { request: ListRetentionRulesV1, reply: ListRetentionRulesReplyV1 },
  'storage.v1.retention.rules.create': { request: CreateRetentionRuleV1, reply: RetentionRuleReplyV1 },
  'storage.v1.retention.rules.delete': { request: DeleteRetentionRuleV1, reply: RetentionRuleReplyV1 },
  'storage.v1.retention.holds.list': { request: ListLegalHoldsV1, reply: ListLegalHoldsReplyV1 },
  'storage.v1.retention.holds.create': { request: CreateLegalHoldV1, reply: LegalHoldReplyV1 },
  'storage.v1.retention.holds.release': { request: ReleaseLegalHoldV1, reply: LegalHoldReplyV1 },
  'storage.v1.retention.dry-run': { request: RunRetentionV1, reply: RetentionReportV1 },
  'storage.v1.retention.run': { request: RunRetentionV1, reply: RetentionReportV1 },
  'consent.v1.principals.names': { request: PrincipalNamesV1, reply: PrincipalNamesReplyV1 },
  // Erasure of a person (docs/adr/0013-erasure-and-crypto-shredding.md): the API, then the two steps consent asks
  // storage to carry out (idempotent per erasure, so consent's job row can repeat them after a crash).
  'consent.v1.erasures.create': { request: CreateErasureV1, reply: ErasureReplyV1 },
  'consent.v1.erasures.request': { request: RequestOwnErasureV1, reply: ErasureReplyV1 },
  'consent.v1.erasures.mine': { request: ListOwnErasuresV1, reply: ListErasuresReplyV1 },
  'consent.v1.erasures.get': { request: ErasureByIdV1, reply: ErasureReplyV1 },
  'consent.v1.erasures.cancel': { request: ErasureByIdV1, reply: ErasureReplyV1 },
  'consent.v1.erasures.approve': { request: ErasureByIdV1, reply: ErasureReplyV1 },
  'storage.v1.erasure.erase': { request: EraseLearnerRecordsV1, reply: EraseLearnerRecordsReplyV1 },
  'storage.v1.erasure.seal': { request: SealErasureV1, reply: SealErasureReplyV1 },
  // Analytics that protect individuals (GET /api/v1/analytics/{measure}; docs/flows.md): query asks consent for the
  // analytics policies' filter, k and noise (spending the privacy budget), then storage for the suppressed cells.
  'query.v1.analytics.run': { request: RunAnalyticsV1, reply: AnalyticsResultV1 },
  'consent.v1.analytics.basis': { request: AnalyticsBasisRequestV1, reply: AnalyticsBasisReplyV1 },
  'storage.v1.analytics.aggregate': { request: AggregateAnalyticsV1, reply: AnalyticsResultV1 },
  // Imported writes (docs/flows.md "Import from another LRS"): statements of another LRS kept with their ids.
  'ingest.v1.statements.import': { request: ImportStatementsV1, reply: ImportOutcomeV1 },
  'storage.v1.statements.import': { request: StoreImportedStatementsV1, reply: ImportOutcomeV1 },
  // A learner brings their portable archive (docs/flows.md "A learner carries their records").
  'ingest.v1.portable.import': { request: ImportPortableStatementsV1, reply: ImportOutcomeV1 },
  // Import jobs: ingest runs them (it reads the source), storage keeps their rows; admins follow them.
  'ingest.v1.imports.start': { request: StartImportV1, reply: ImportJobReplyV1 },
  'storage.v1.imports.begin': { request: BeginImportV1, reply: BeginImportReplyV1 },
  'storage.v1.imports.progress': { request: ImportProgressV1, reply: ImportProgressReplyV1 },
  'storage.v1.imports.get': { request: GetImportV1, reply: ImportJobReplyV1 },
  'storage.v1.imports.list': { request: ListImportsV1, reply: ListImportsReplyV1 },
  // Forwarding to other LRSs and webhooks (docs/flows.md "Forwarding"): consent owns the targets and their queues
  // (the admin API through the gateway), query claims a due batch, reads it as the grantee and settles it.
  'consent.v1.forwarding.targets.list': {
    request: ListForwardingTargetsV1,
    reply: ListForwardingTargetsReplyV1,
  },
  'consent.v1.forwarding.targets.create': {
    request: CreateForwardingTargetV1,
    reply: ForwardingTargetReplyV1,
  },
  'consent.v1.forwarding.targets.get': { request: ForwardingTargetByIdV1, reply: ForwardingTargetReplyV1 },
  'consent.v1.forwarding.targets.update': {
    request: UpdateForwardingTargetV1,
    reply: ForwardingTargetReplyV1,
  },
  'consent.v1.forwarding.targets.delete': { request: ForwardingTargetByIdV1, reply: ForwardingTargetReplyV1 },
  'consent.v1.forwarding.targets.status': { request: ForwardingTargetByIdV1, reply: ForwardingStatusReplyV1 },
  'consent.v1.forwarding.dead-letters.list': {
    request: ForwardingTargetByIdV1,
    reply: ListDeadLettersReplyV1,
  },
  'consent.v1.forwarding.dead-letters.retry': { request: DeadLetterByIdV1, reply: DeadLetterReplyV1 },
  'consent.v1.forwarding.dead-letters.discard': { request: DeadLetterByIdV1, reply: DeadLetterReplyV1 },
  'consent.v1.forwarding.claim': { request: ClaimForwardingV1, reply: ClaimForwardingReplyV1 },
  'consent.v1.forwarding.settle': { request: SettleForwardingV1, reply: SettleForwardingReplyV1 },
} as const satisfies Record<string, { request: z.ZodType; reply: z.ZodType }>;

/** Durable events (JetStream): facts that must not be lost. Past tense. */
export const Events = {
  'storage.v1.statements.stored': StatementsStoredV1,
  'consent.v1.consent.changed': ConsentChangedV1,
  // Every consent, policy, people and credential change, and every failed login, for the audit chain.
  'consent.v1.audit.recorded': AuditRecordedV1,
} as const satisfies Record<string, z.ZodType>;

export type RequestSubject = keyof typeof Requests;
export type EventSubject = keyof typeof Events;
export type RequestOf<S extends RequestSubject> = z.infer<(typeof Requests)[S]['request']>;
export type ReplyOf<S extends RequestSubject> = z.infer<(typeof Requests)[S]['reply']>;
export type EventOf<E extends EventSubject> = z.infer<(typeof Events)[E]>;

/** The service that answers a subject: its queue group, so replicas share the load. */
export const owningService = (subject: RequestSubject | EventSubject): string => subject.split('.')[0]!;

/** JetStream stream holding a namespace's events. */
export const eventStreamName = (namespace: string): string =>
  `${namespace.toUpperCase().replace(/-/g, '_')}_EVENTS`;
