/** Every {@link Action}, for runtime checks of rules received from other services. */
export const ACTIONS = [
  'read',
  'write',
  'void',
  'manage',
  'export',
  'explain',
  'verify',
  'checkpoint',
] as const;

/**
 * What a principal may want to do to a subject. `manage` is CASL's wildcard: a rule granting it grants
 * every action. `export` on a `Person`: export that learner's records for them (right of access).
 * `explain` on a `Statement`: be told who may read it and by which rule (GET /api/v1/explain).
 * `verify` on an `AuditRecord`: check the tenant's audit chain and its signed checkpoints (GET
 * /api/v1/audit/verify, /checkpoints, /public-key); `checkpoint`: have its head signed now (POST
 * /api/v1/audit/checkpoints).
 */
export type Action = (typeof ACTIONS)[number];

/**
 * The kinds of record that rules can be written about: statements, xAPI documents, people, institution policies
 * the records of the audit log, sign-in locks, xAPI client credentials, the retention rules and legal holds, a
 * learner's consent choices (who may grant, revoke, object or ask for erasure for them), and the tenant's records of
 * processing.
 */
export const SUBJECT_NAMES = [
  'Statement',
  'Document',
  'Person',
  'Policy',
  'AuditRecord',
  'SignIn',
  'Credential',
  'Retention',
  'Erasure',
  'LearnerConsent',
  'ProcessingRecords',
  'Analytics',
  'Import',
  'ForwardingTarget',
] as const;

/** One of {@link SUBJECT_NAMES}. */
export type SubjectName = (typeof SUBJECT_NAMES)[number];

/**
 * The fields of a stored statement that a rule may put conditions on. These are the names used in rules and
 * access filters; the query side maps them to columns.
 */
export interface StatementSubject {
  tenantId: string;
  /** Id of the credential that was the statement's authority when it was stored. */
  authorityCredentialId: string;
  verbIri: string;
  objectActivityId: string | null;
  registration: string | null;
  /** ISO 8601 timestamp at which the LRS stored the statement. */
  stored: string;
  /**
   * A set field: SHA-256 of the identifier of every data subject of the statement (the actor, and the members
   * of an actor Group). A condition `{ $in: hashes }` means "some data subject is one of these"; storage
   * answers it with an `EXISTS` over the statement's agent links, never with a list of statement ids.
   */
  subjectIfiHashes: string[];
  /**
   * A set field: ids of the institution policies for which some data subject of the statement holds an
   * active, unexpired grant (for the policy's current version) whose own scope covers this statement. Storage
   * answers `{ $in: [policyId] }` with an `EXISTS` over the statement's data subjects joined to consent's
   * published `consent.active_grant_subject` view, evaluated at query time. Absent means empty.
   */
  grantedPolicyIds?: string[];
  /**
   * A set field: ids of the institution policies some data subject of the statement has objected to (and not
   * withdrawn). `{ $nin: [policyId] }` becomes a `NOT EXISTS` over `consent.objection_subject`.
   */
  objectedPolicyIds?: string[];
  /**
   * Set fields: the ids of the Activities in the statement's own `context.contextActivities.parent` (and
   * `grouping`, `category`, `other`), never a SubStatement's. A prefix condition (`startsWith`/`startsWithAny`,
   * a `$regex`) means "one of them starts with one of these"; storage answers it with an `EXISTS` over
   * `storage.statement_context_activity`. Absent means empty.
   */
  parentActivityIds?: string[];
  groupingActivityIds?: string[];
  categoryActivityIds?: string[];
  otherActivityIds?: string[];
}

/** The four kinds of context activity (xAPI Data §2.4.6.2) and the set field of each. */
export const CONTEXT_ACTIVITY_FIELDS = {
  parent: 'parentActivityIds',
  grouping: 'groupingActivityIds',
  category: 'categoryActivityIds',
  other: 'otherActivityIds',
} as const;

/** `parent`, `grouping`, `category` or `other`. */
export type ContextActivityKind = keyof typeof CONTEXT_ACTIVITY_FIELDS;

/** Fields of a subject that hold a set of values; conditions on them test membership ("the set has …"). */
export const SET_FIELDS: Readonly<Record<SubjectName, readonly string[]>> = {
  Statement: [
    'subjectIfiHashes',
    'grantedPolicyIds',
    'objectedPolicyIds',
    ...Object.values(CONTEXT_ACTIVITY_FIELDS),
  ],
  Document: [],
  Person: [],
  Policy: [],
  AuditRecord: ['learnerIfiHashes'],
  SignIn: [],
  Credential: [],
  Retention: [],
  Erasure: [],
  LearnerConsent: ['guardianIds'],
  ProcessingRecords: [],
  Analytics: [],
  Import: [],
  ForwardingTarget: [],
};

/**
 * A record of the audit log (storage.audit_record), as rules see it: its tenant and the learners it concerns.
 */
export interface AuditRecordSubject {
  tenantId: string;
  /**
   * A set field: the SHA-256 identifier hash of every learner the record concerns. The log itself keeps only a
   * pseudonymous key of each (HMAC with a key storage holds, docs/audit.md), so storage answers `{ $in: hashes }`
   * by turning each hash into its key and testing the record's `learner_keys`; never with a list of records.
   */
  learnerIfiHashes: string[];
}

/** Institution policies of a tenant, as administered through /api/v1/policies. */
export interface PolicySubject {
  tenantId: string;
}

/** People, their roles, agent links and groups, as administered through /api/v1/people and /groups. */
export interface PersonSubject {
  tenantId: string;
}

/**
 * The sign-in throttle's state of a tenant's people and credentials (consent's sign-in-throttle.ts): `manage` it
 * to lift a lockout.
 */
export interface SignInSubject {
  tenantId: string;
}

/**
 * The retention of a tenant's statements: its retention rules, legal holds, dry runs and runs
 * (/api/v1/retention/*). `manage` it to do any of them.
 */
export interface RetentionSubject {
  tenantId: string;
}

/**
 * The consent choices of one learner — grants, revocations, objections and their withdrawal, erasure requests —
 * as the one rule deciding who may make them sees it (GDPR Art. 8: a guardian, while the learner is a minor).
 * `manage` it to act for the learner.
 */
export interface LearnerConsentSubject {
  tenantId: string;
  /** The learner's person id. */
  learnerId: string;
  /** Whether the learner is below the tenant's age of digital consent, decided at the time of the request. */
  minor: boolean;
  /** A set field: the person ids of the guardians linked to the learner. */
  guardianIds: string[];
}

/**
 * The records of processing of a tenant (GDPR Art. 30; GET /api/v1/records-of-processing): what it processes, why,
 * on which basis, for whom and for how long, built from its policies and retention rules. `read` it to have them.
 */
/**
 * A tenant's forwarding targets (/api/v1/forwarding/targets): other LRSs and webhooks its statements are sent to,
 * as a grantee credential may read them. `manage` it to create, change, delete or follow them.
 */
export interface ForwardingTargetSubject {
  tenantId: string;
}

export interface ProcessingRecordsSubject {
  tenantId: string;
}

/**
 * The aggregates of a tenant's learner records (docs/flows.md "Analytics that protect individuals"): counts and
 * rates over the records the `analytics` purpose allows, k-anonymous. `read` it to run analytics queries.
 */
export interface AnalyticsSubject {
  tenantId: string;
}

/** The xAPI client credentials of a tenant, as administered through /api/v1/credentials. */
export interface CredentialSubject {
  tenantId: string;
}

/**
 * The erasure of a person's records (docs/adr/0013-erasure-and-crypto-shredding.md): `write` asks for it (or
 * cancels one's own request), `read` follows it, `manage` also approves it and erases anyone of the tenant.
 */
export interface ErasureSubject {
  tenantId: string;
  /** The person whose records are erased. */
  personId: string;
}

/**
 * Imports of statements from another LRS into a tenant (docs/flows.md "Import from another LRS"): `manage` starts
 * them and follows their progress.
 */
export interface ImportSubject {
  tenantId: string;
}

/** The three xAPI Document Resources: State, Activity Profile and Agent Profile. */
export type DocumentKind = 'state' | 'activityProfile' | 'agentProfile';

/**
 * The fields of a stored xAPI document that a rule may put conditions on (names as in rules and access
 * filters; the storage side maps them to columns).
 */
export interface DocumentSubject {
  tenantId: string;
  kind: DocumentKind;
  /** Activity Profile and State documents. */
  activityId: string | null;
  /** SHA-256 of the agent's canonical identifier; Agent Profile and State documents. */
  agentIfiHash: string | null;
  registration: string | null;
}
