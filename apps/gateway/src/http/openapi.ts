// The OpenAPI 3.1 description of the REST API under /api/v1, served at GET /api/v1/openapi.json. Request and
// response bodies come from the zod contracts the gateway parses with (zod 4's JSON Schema output, draft
// 2020-12, the dialect of OpenAPI 3.1), so the document says what the code checks.
//
// To document a new route: add its schemas to SCHEMAS (a contract schema with `input`/`output`) and one entry
// to OPERATIONS. test/conformance/openapi.spec.ts fails until every route the app registers under /api/v1 is
// here, and nothing else is.
import {
  AccessLogEntryV1,
  AuditCheckpointV1,
  AuditPublicKeyV1,
  AuditRecordV1,
  AuditStatsV1,
  ConsentReceiptV1,
  ConsentRequestV1,
  CreateCredentialBodyV1,
  CreatedCredentialV1,
  CreateGroupBodyV1,
  CredentialViewV1,
  CreatePersonBodyV1,
  EffectiveAccessEntryV1,
  ExplanationV1,
  ExportDocumentV1,
  GrantBodyV1,
  GroupViewV1,
  LoginReplyV1,
  SignInOptionsV1,
  UnlockSignInReplyV1,
  LoginBodyV1,
  ObjectionBodyV1,
  PersonViewV1,
  PolicyBodyV1,
  PolicyCountsV1,
  PolicyViewV1,
  ReadExportReplyV1,
  SetGroupMembersBodyV1,
  UpdatePersonBodyV1,
  VerifyAuditReplyV1,
} from '@custos/contracts';
import { z } from 'zod';

import type { ExportLine } from './export-stream.js';

type JsonSchema = Record<string, unknown>;

/** A request body is described as the client sends it (defaults optional), a reply as the server sends it. */
const input = (schema: z.ZodType): JsonSchema => jsonSchemaOf(schema, 'input');
const output = (schema: z.ZodType): JsonSchema => jsonSchemaOf(schema, 'output');

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // `any` for what JSON Schema cannot say (a transform); the `$schema` key is the document's dialect already.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

/** The body of every error answer (apps/gateway/src/http/errors.filter.ts). */
const ErrorBody = z.object({
  message: z.string(),
  /** A 400 names each bad field. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** A 500 carries only this id, which the server's log has too. */
  correlationId: z.string().optional(),
});

/** One line of an NDJSON export, as export-stream.ts writes it (checked below at compile time). */
const ExportLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('statement'), statement: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('attachment'), attachment: ReadExportReplyV1.shape.attachments.element }),
  z.object({ type: z.literal('document'), document: ExportDocumentV1 }),
  z.object({
    type: z.literal('end'),
    statements: z.number(),
    documents: z.number(),
    attachments: z.number(),
  }),
]);
/** A page of the audit log, and of a learner's access log: `next` is the link to the following page. */
const AuditRecordsPage = z.object({
  records: z.array(AuditRecordV1),
  next: z.string().nullable().describe('The URL of the next page (same filters); null on the last page'),
});
/** A page of a tenant's signed checkpoints: `next` is the link to the following page. */
const AuditCheckpointsPage = z.object({
  checkpoints: z.array(AuditCheckpointV1),
  next: z.string().nullable().describe('The URL of the next page; null on the last page'),
});
const AccessLogPage = z.object({
  entries: z.array(AccessLogEntryV1),
  next: z.string().nullable().describe('The URL of the next page; null on the last page'),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile when the written line and the documented one differ.
const exportLineDocumented: Same<z.infer<typeof ExportLineSchema>, ExportLine> = true;
void exportLineDocumented;

/** components.schemas, by name. */
const SCHEMAS = {
  Error: () => output(ErrorBody),
  Login: () => input(LoginBodyV1),
  Token: () => output(LoginReplyV1),
  SignInOptions: () => output(SignInOptionsV1),
  SignInUnlock: () => output(UnlockSignInReplyV1),
  Person: () => output(PersonViewV1),
  CreatePerson: () => input(CreatePersonBodyV1),
  UpdatePerson: () => input(UpdatePersonBodyV1),
  Group: () => output(GroupViewV1),
  CreateGroup: () => input(CreateGroupBodyV1),
  GroupMembers: () => input(SetGroupMembersBodyV1),
  Credential: () => output(CredentialViewV1),
  CreateCredential: () => input(CreateCredentialBodyV1),
  CreatedCredential: () => output(CreatedCredentialV1),
  PolicyCounts: () => output(PolicyCountsV1),
  PolicyBody: () => input(PolicyBodyV1),
  Policy: () => output(PolicyViewV1),
  ConsentRequest: () => output(ConsentRequestV1),
  GrantBody: () => input(GrantBodyV1),
  ObjectionBody: () => input(ObjectionBodyV1),
  ConsentReceipt: () => output(ConsentReceiptV1),
  Explanation: () => output(ExplanationV1),
  EffectiveAccessEntry: () => output(EffectiveAccessEntryV1),
  ExportLine: () => output(ExportLineSchema),
  AuditRecordsPage: () => output(AuditRecordsPage),
  AuditRecord: () => output(AuditRecordV1),
  AuditStats: () => output(AuditStatsV1),
  AccessLogPage: () => output(AccessLogPage),
  AuditVerification: () => output(VerifyAuditReplyV1),
  AuditCheckpoint: () => output(AuditCheckpointV1),
  AuditCheckpointsPage: () => output(AuditCheckpointsPage),
  AuditPublicKey: () => output(AuditPublicKeyV1),
  OpenApiDocument: () => ({ type: 'object', description: 'An OpenAPI 3.1 document (this one).' }),
} satisfies Record<string, () => JsonSchema>;
type SchemaName = keyof typeof SCHEMAS;

/**
 * Who may call: nobody needs to sign in; a person (Bearer JWT; a credential is authenticated but answered
 * 403); or a person or an xAPI credential (HTTP Basic).
 */
type Auth = 'none' | 'person' | 'person-or-credential';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 423 | 429;

interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path as OpenAPI writes it (`/api/v1/people/{id}`); every `{param}` is a uuid. */
  path: string;
  operationId: string;
  tag: 'auth' | 'people' | 'credentials' | 'policies' | 'consent' | 'access' | 'exports' | 'audit' | 'meta';
  summary: string;
  description?: string;
  auth: Auth;
  query?: { name: string; required: boolean; description: string; schema: z.ZodType }[];
  body?: SchemaName;
  ok: {
    status: 200 | 201;
    description: string;
    /** A JSON body, a JSON array of it, NDJSON lines of it, or those lines or CSV rows (`format`). */
    body: SchemaName | { array: SchemaName } | { ndjson: SchemaName } | { ndjsonOrCsv: SchemaName };
  };
  /**
   * Errors beyond those implied: 401 for any `auth` but `none`, 400 when there is a body or a query, 404 when
   * the path has a `{param}` (a malformed id is a 404 like an unknown one).
   */
  errors?: ErrorStatus[];
}

const ADMIN = 'Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).';
const AUDITOR =
  "Needs the `auditor` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log.";

const AUDIT_VERIFIER =
  "Needs the `auditor` or `admin` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log.";

type QueryParam = NonNullable<ApiOperation['query']>[number];
const text = z.string().min(1).max(200);
const AUDIT_TIME: QueryParam[] = [
  {
    name: 'since',
    required: false,
    description: 'Only records written after this instant',
    schema: z.iso.datetime({ offset: true }),
  },
  {
    name: 'until',
    required: false,
    description: 'Only records written at or before this instant',
    schema: z.iso.datetime({ offset: true }),
  },
];
const AUDIT_ORDER: QueryParam = {
  name: 'order',
  required: false,
  description: '`desc` (newest first, the default) or `asc` (chain order)',
  schema: z.enum(['asc', 'desc']),
};
const AUDIT_PAGING: QueryParam[] = [
  {
    name: 'limit',
    required: false,
    description: 'Records per page, 1 to 1000 (default 100)',
    schema: z.int().min(1).max(1000),
  },
  {
    name: 'cursor',
    required: false,
    description: 'From the `next` link of the previous page',
    schema: z.string(),
  },
];
const AUDIT_FILTERS: QueryParam[] = [
  ...AUDIT_TIME,
  {
    name: 'principal',
    required: false,
    description: 'Only what this credential or person id did',
    schema: text,
  },
  {
    name: 'learner',
    required: false,
    description: 'Only records about this learner: an xAPI Agent as JSON, as the xAPI `agent` parameter',
    schema: z.string(),
  },
  {
    name: 'person',
    required: false,
    description: 'Only records about this person of the tenant, under any identifier linked to them',
    schema: z.uuid(),
  },
  { name: 'action', required: false, description: 'Only this action, e.g. `statements.read`', schema: text },
  {
    name: 'outcome',
    required: false,
    description: 'Only allowed or only denied requests',
    schema: z.enum(['allow', 'deny']),
  },
  {
    name: 'policy',
    required: false,
    description: 'Only records whose basis names this policy id',
    schema: text,
  },
  {
    name: 'grant',
    required: false,
    description: 'Only records whose basis names this learner grant id',
    schema: text,
  },
  AUDIT_ORDER,
];
const LEARNER = 'The signed-in person acts for themself; an xAPI credential gets 403.';

const OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApi',
    tag: 'meta',
    summary: 'This document',
    auth: 'none',
    ok: { status: 200, description: 'The OpenAPI 3.1 document of /api/v1', body: 'OpenApiDocument' },
  },
  {
    method: 'get',
    path: '/api/v1/auth/config',
    operationId: 'getSignInOptions',
    tag: 'auth',
    summary: 'How people may sign in: the local login, and the institution’s OIDC provider when configured',
    description:
      'For the web pages: with `CUSTOS_OIDC_CLIENT_ID` and `CUSTOS_OIDC_ISSUER` set, `oidc` names the issuer, the ' +
      'public client id and the scope to ask for (authorization code with PKCE; the access token is then the bearer ' +
      'token). Otherwise `oidc` is null.',
    auth: 'none',
    ok: { status: 200, description: 'The sign-in options', body: 'SignInOptions' },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/v1/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: "Signs a person in with the local issuer; the token's fields are those of RFC 6749 §5.1",
    description:
      'Any failure (unknown tenant or user, wrong password, disabled person) is the same 401. Failures are counted ' +
      'per username and per client address across every gateway: past a few, attempts are refused with 429 and ' +
      'Retry-After (doubling with each further failure), without the password being checked; with a lockout ' +
      'configured, an account is locked (423) until an admin unlocks it. A success clears the count.',
    auth: 'none',
    body: 'Login',
    ok: { status: 200, description: 'A bearer token (EdDSA JWT, one hour)', body: 'Token' },
    errors: [401, 423, 429],
  },
  {
    method: 'delete',
    path: '/api/v1/people/{id}/sign-in-lock',
    operationId: 'unlockPersonSignIn',
    tag: 'auth',
    summary: "Lifts a person's sign-in lockout and forgets their failed sign-ins",
    description: `${ADMIN} Recorded in the audit log (\`login.unlock\`).`,
    auth: 'person',
    ok: { status: 200, description: 'Whether a lockout was lifted', body: 'SignInUnlock' },
    errors: [403],
  },
  {
    method: 'delete',
    path: '/api/v1/credentials/{id}/sign-in-lock',
    operationId: 'unlockCredentialSignIn',
    tag: 'auth',
    summary: "Lifts an xAPI credential's (key's) sign-in lockout and forgets its failed secrets",
    description: `${ADMIN} The id is the credential's (as \`custos credentials list\` and the audit log show it). Recorded in the audit log (\`login.unlock\`).`,
    auth: 'person',
    ok: { status: 200, description: 'Whether a lockout was lifted', body: 'SignInUnlock' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    tag: 'people',
    summary: 'The signed-in person: roles, groups and linked xAPI agents',
    auth: 'person',
    ok: { status: 200, description: 'The person', body: 'Person' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/people',
    operationId: 'listPeople',
    tag: 'people',
    summary: 'The people of the tenant',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The people', body: { array: 'Person' } },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/v1/people',
    operationId: 'createPerson',
    tag: 'people',
    summary: 'Creates a person',
    description: `${ADMIN} A username or external subject already used in the tenant, or an agent identifier (in any of its forms) linked to another person of the tenant, is a 409 naming the field.`,
    auth: 'person',
    body: 'CreatePerson',
    ok: { status: 201, description: 'The new person', body: 'Person' },
    errors: [403, 409],
  },
  {
    method: 'patch',
    path: '/api/v1/people/{id}',
    operationId: 'updatePerson',
    tag: 'people',
    summary: "Changes a person's roles, agents, name, password, external subject or disabled state",
    description: `${ADMIN} An agent identifier (in any of its forms) linked to another person of the tenant is a 409 naming the field (\`agents[i]\`); nothing is changed.`,
    auth: 'person',
    body: 'UpdatePerson',
    ok: { status: 200, description: 'The person', body: 'Person' },
    errors: [403, 409],
  },
  {
    method: 'get',
    path: '/api/v1/credentials',
    operationId: 'listCredentials',
    tag: 'credentials',
    summary: "The tenant's xAPI client credentials, revoked ones included, oldest first (never a secret)",
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The credentials', body: { array: 'Credential' } },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/v1/credentials',
    operationId: 'createCredential',
    tag: 'credentials',
    summary: 'Creates an xAPI client credential with the given scopes; its secret is in this answer only',
    description: `${ADMIN} The key is the HTTP Basic username and the secret its password; only a hash of the secret is kept, so it cannot be shown again. An unknown scope is a 400 naming \`scopes\`. Recorded in the audit log (\`credential.create\`).`,
    auth: 'person',
    body: 'CreateCredential',
    ok: { status: 201, description: 'The credential and its secret', body: 'CreatedCredential' },
    errors: [403],
  },
  {
    method: 'delete',
    path: '/api/v1/credentials/{id}',
    operationId: 'revokeCredential',
    tag: 'credentials',
    summary: 'Revokes an xAPI client credential: its next request is refused (401)',
    description: `${ADMIN} Revoking a revoked credential changes nothing. Recorded in the audit log (\`credential.revoke\`).`,
    auth: 'person',
    ok: { status: 200, description: 'The revoked credential', body: 'Credential' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/groups',
    operationId: 'listGroups',
    tag: 'people',
    summary: 'The groups of people of the tenant',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The groups', body: { array: 'Group' } },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/v1/groups',
    operationId: 'createGroup',
    tag: 'people',
    summary: 'Creates a group',
    description: ADMIN,
    auth: 'person',
    body: 'CreateGroup',
    ok: { status: 201, description: 'The new group', body: 'Group' },
    errors: [403, 409],
  },
  {
    method: 'put',
    path: '/api/v1/groups/{id}/members',
    operationId: 'setGroupMembers',
    tag: 'people',
    summary: 'Replaces the members of a group',
    description: ADMIN,
    auth: 'person',
    body: 'GroupMembers',
    ok: { status: 200, description: 'The group', body: 'Group' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/policies',
    operationId: 'listPolicies',
    tag: 'policies',
    summary: 'The current version of each institution policy',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The policies', body: { array: 'Policy' } },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/policies/counts',
    operationId: 'listPolicyCounts',
    tag: 'policies',
    summary: 'Per current policy, how many learner grants are active and how many objections stand',
    description: `${ADMIN} Counts only: no learner is named. A grant counts while it is unrevoked, unexpired and for the policy's current version.`,
    auth: 'person',
    ok: { status: 200, description: 'The counts', body: { array: 'PolicyCounts' } },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/v1/policies',
    operationId: 'createPolicy',
    tag: 'policies',
    summary: 'Creates an institution policy (version 1)',
    description: ADMIN,
    auth: 'person',
    body: 'PolicyBody',
    ok: { status: 201, description: 'The policy', body: 'Policy' },
    errors: [403],
  },
  {
    method: 'put',
    path: '/api/v1/policies/{id}',
    operationId: 'updatePolicy',
    tag: 'policies',
    summary: 'Edits a policy: its next version becomes current, the previous one is kept',
    description: ADMIN,
    auth: 'person',
    body: 'PolicyBody',
    ok: { status: 200, description: 'The new version', body: 'Policy' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/policies/{id}/history',
    operationId: 'getPolicyHistory',
    tag: 'policies',
    summary: 'Every version of a policy, oldest first',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The versions', body: { array: 'Policy' } },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/me/consent-requests',
    operationId: 'listConsentRequests',
    tag: 'consent',
    summary: "The tenant's `consent` policies, each with the learner's current grant of it, if any",
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'The requests', body: { array: 'ConsentRequest' } },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/v1/me/grants',
    operationId: 'grantConsent',
    tag: 'consent',
    summary:
      'Grants a `consent` policy, possibly narrower (fewer verbs, narrower activity prefixes, an expiry)',
    description: `${LEARNER} A scope wider than the policy's, or an \`expiresAt\` that is not in the future, is a 400 naming the field.`,
    auth: 'person',
    body: 'GrantBody',
    ok: { status: 201, description: 'The consent receipt of the grant', body: 'ConsentReceipt' },
    errors: [403, 404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/me/grants/{id}',
    operationId: 'revokeGrant',
    tag: 'consent',
    summary: 'Revokes a grant; the very next read anyone makes no longer uses it',
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'The consent receipt of the revocation', body: 'ConsentReceipt' },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/v1/me/objections',
    operationId: 'object',
    tag: 'consent',
    summary: 'Objects to a legitimate-interest, contract or public-task policy',
    description: `${LEARNER} Any other lawful basis is a 400.`,
    auth: 'person',
    body: 'ObjectionBody',
    ok: { status: 201, description: 'The consent receipt of the objection', body: 'ConsentReceipt' },
    errors: [403, 404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/me/objections/{id}',
    operationId: 'withdrawObjection',
    tag: 'consent',
    summary: 'Withdraws an objection',
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'The consent receipt of the withdrawal', body: 'ConsentReceipt' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/me/receipts/{id}',
    operationId: 'getReceipt',
    tag: 'consent',
    summary: 'One of the consent receipts the learner got',
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'The receipt', body: 'ConsentReceipt' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/explain',
    operationId: 'explainAccess',
    tag: 'access',
    summary: 'Whether a principal may read a statement, and by which rules',
    description:
      "For the tenant's admins, the learner the statement is about, and xAPI credentials with scope `all` " +
      '(any other credential gets 403). A statement the asker may not have explained, of another tenant or ' +
      'unknown is a 404, as is an unknown principal; no statement content is returned.',
    auth: 'person-or-credential',
    query: [
      { name: 'statementId', required: true, description: 'The statement (any UUID)', schema: z.guid() },
      {
        name: 'principal',
        required: false,
        description: 'A credential or person id of the tenant (default: the asker)',
        schema: z.uuid(),
      },
    ],
    ok: { status: 200, description: 'The decision and its reasons', body: 'Explanation' },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/api/v1/me/effective-access',
    operationId: 'getEffectiveAccess',
    tag: 'access',
    summary: "Who may read what of the learner's records today, and why",
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'One entry per way in', body: { array: 'EffectiveAccessEntry' } },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/me/export',
    operationId: 'exportMyRecords',
    tag: 'exports',
    summary: 'Every record about the signed-in learner, as NDJSON (right of access and portability)',
    description: `${LEARNER} The last line is \`end\` with the counts; a stream without it broke off.`,
    auth: 'person',
    ok: { status: 200, description: 'The records, one JSON value per line', body: { ndjson: 'ExportLine' } },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/people/{id}/export',
    operationId: 'exportPersonRecords',
    tag: 'exports',
    summary: 'Every record about a person of the tenant, as NDJSON, on their request',
    description: `${ADMIN} The last line is \`end\` with the counts; a stream without it broke off.`,
    auth: 'person',
    ok: { status: 200, description: 'The records, one JSON value per line', body: { ndjson: 'ExportLine' } },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/audit/records',
    operationId: 'listAuditRecords',
    tag: 'audit',
    summary: 'Records of the audit log, filtered, a page at a time',
    description: `${AUDITOR} Each record as stored, with its hash, so it can be checked. The read is itself recorded.`,
    auth: 'person-or-credential',
    query: [...AUDIT_FILTERS, ...AUDIT_PAGING],
    ok: { status: 200, description: 'A page of records', body: 'AuditRecordsPage' },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/api/v1/audit/export',
    operationId: 'exportAuditRecords',
    tag: 'audit',
    summary: 'Every record the filters select, streamed as NDJSON or CSV',
    description:
      `${AUDITOR} Records written after the export began are not in it; a stream that broke off ends with a ` +
      'network error. The export is itself recorded, with the number of records it holds.',
    auth: 'person-or-credential',
    query: [
      ...AUDIT_FILTERS,
      {
        name: 'format',
        required: false,
        description: '`ndjson` (the default: one record per line) or `csv` (a header row, RFC 4180 quoting)',
        schema: z.enum(['ndjson', 'csv']),
      },
    ],
    ok: { status: 200, description: 'The records', body: { ndjsonOrCsv: 'AuditRecord' } },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/api/v1/audit/stats',
    operationId: 'getAuditStats',
    tag: 'audit',
    summary: 'Allowed and denied requests per principal, denials per day (UTC) and reads per policy',
    description: `${AUDITOR} The read is itself recorded.`,
    auth: 'person-or-credential',
    query: AUDIT_TIME,
    ok: { status: 200, description: 'The figures', body: 'AuditStats' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/me/access-log',
    operationId: 'getAccessLog',
    tag: 'audit',
    summary: 'Who accessed the signed-in learner’s records, when, and under which rule',
    description:
      'For a learner with a linked xAPI identity (an auditor gets the records about them: none unless they are a ' +
      'learner too); anyone else, and xAPI credentials, get 403. Shows nothing about other learners. The read is ' +
      'itself recorded.',
    auth: 'person',
    query: [...AUDIT_TIME, AUDIT_ORDER, ...AUDIT_PAGING],
    ok: { status: 200, description: 'A page of accesses, newest first', body: 'AccessLogPage' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/audit/verify',
    operationId: 'verifyAuditLog',
    tag: 'audit',
    summary: 'Verify the tenant’s audit chain and its signed checkpoints',
    description:
      `${AUDIT_VERIFIER} Walks the chain from its start (or from the newest retention-start checkpoint), checks ` +
      'every link and every checkpoint (its signature, and the hash of the record it names), and names the first ' +
      'broken record. The verification is itself recorded, after the walk.',
    auth: 'person-or-credential',
    ok: {
      status: 200,
      description: 'The verdict (`ok: false` names `firstBroken`)',
      body: 'AuditVerification',
    },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/audit/checkpoints',
    operationId: 'listAuditCheckpoints',
    tag: 'audit',
    summary: 'The tenant’s signed checkpoints, a page at a time, to keep outside the system',
    description: `${AUDIT_VERIFIER} The read is itself recorded.`,
    auth: 'person-or-credential',
    query: [
      AUDIT_ORDER,
      {
        name: 'limit',
        required: false,
        description: 'Checkpoints per page, 1 to 1000 (default 100)',
        schema: z.int().min(1).max(1000),
      },
      {
        name: 'after',
        required: false,
        description: 'From the `next` link of the previous page',
        schema: z.string(),
      },
    ],
    ok: { status: 200, description: 'A page of checkpoints', body: 'AuditCheckpointsPage' },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/v1/audit/checkpoints',
    operationId: 'createAuditCheckpoint',
    tag: 'audit',
    summary: 'Sign the tenant’s chain head now',
    description:
      `${AUDIT_VERIFIER} The request is recorded first, and the checkpoint signs the head that record made. Keep ` +
      'the answer, with the public key, outside the system.',
    auth: 'person-or-credential',
    ok: { status: 201, description: 'The new checkpoint', body: 'AuditCheckpoint' },
    errors: [403],
  },
  {
    method: 'get',
    path: '/api/v1/audit/public-key',
    operationId: 'getAuditPublicKey',
    tag: 'audit',
    summary: 'The Ed25519 public key checkpoints are signed with, and its id',
    description: `${AUDIT_VERIFIER} Keep it outside the system to verify checkpoints with \`custos audit verify --public-key\`.`,
    auth: 'person-or-credential',
    ok: { status: 200, description: 'The public key (SPKI PEM)', body: 'AuditPublicKey' },
    errors: [403],
  },
];

const ERRORS: Record<ErrorStatus | 500, string> = {
  400: 'The request is malformed; `errors` names each bad field',
  401: 'No valid credentials or token (WWW-Authenticate offers Basic and Bearer)',
  403: 'Authenticated, but not allowed',
  404: 'No such resource, or one the caller may not know of',
  409: 'Conflicts with what exists',
  423: 'The account or key is locked after repeated failed sign-ins, until an admin of the tenant unlocks it',
  429: 'Too many failed sign-ins for the account, key or client address; Retry-After says when to try again',
  500: 'Unexpected; the body carries only a correlation id',
};

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

function bodyContent(body: ApiOperation['ok']['body']) {
  if (typeof body === 'string') return { 'application/json': { schema: ref(body) } };
  if ('array' in body) return { 'application/json': { schema: { type: 'array', items: ref(body.array) } } };
  if ('ndjsonOrCsv' in body) {
    return {
      'application/x-ndjson': { schema: ref(body.ndjsonOrCsv) },
      'text/csv': { schema: { type: 'string', description: 'A header row, then one row per record' } },
    };
  }
  return { 'application/x-ndjson': { schema: ref(body.ndjson) } };
}

function operationObject(op: ApiOperation) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const errors = new Set<ErrorStatus>(op.errors);
  // Every authenticated route takes HTTP Basic (a credential on a person's route is a 403 after it), and Basic
  // secrets are throttled like logins.
  if (op.auth !== 'none') for (const s of [401, 423, 429] as const) errors.add(s);
  if (op.body || op.query) errors.add(400);
  if (pathParams.length > 0) errors.add(404);
  const security = {
    none: [],
    person: [{ person: [] }],
    'person-or-credential': [{ person: [] }, { credential: [] }],
  }[op.auth];
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description && { description: op.description }),
    security,
    parameters: [
      ...pathParams.map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string', format: 'uuid' },
      })),
      ...(op.query ?? []).map((q) => ({
        name: q.name,
        in: 'query',
        required: q.required,
        description: q.description,
        schema: output(q.schema),
      })),
    ],
    ...(op.body && {
      requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } },
    }),
    responses: {
      [op.ok.status]: { description: op.ok.description, content: bodyContent(op.ok.body) },
      ...Object.fromEntries([...errors].sort().map((s) => [s, { $ref: `#/components/responses/E${s}` }])),
      500: { $ref: '#/components/responses/E500' },
    },
  };
}

function buildDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    (paths[op.path] ??= {})[op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Custos REST API',
      version: 'v1',
      description:
        'People, groups, institution policies, learner consent, access explanations and exports of a Custos ' +
        'learning record store. The xAPI resources (/xapi) follow the xAPI specification and are not described here.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    tags: [
      { name: 'auth', description: 'Signing in' },
      { name: 'people', description: 'People and groups' },
      { name: 'credentials', description: 'xAPI client credentials: key, secret and scopes' },
      { name: 'policies', description: 'Institution policies: who reads which learner records, and why' },
      { name: 'consent', description: "A learner's grants, objections and consent receipts" },
      { name: 'access', description: 'Why someone can or cannot read learner records' },
      { name: 'exports', description: 'Learner data exports' },
      {
        name: 'audit',
        description: 'The audit log: for auditors, and for a learner the accesses to their records',
      },
      { name: 'meta', description: 'This description' },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, make]) => [name, make()])),
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, description]) => [
          `E${status}`,
          {
            description,
            ...(status === '401' && {
              headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'The schemes' } },
            }),
            ...(status === '429' && {
              headers: {
                'Retry-After': { schema: { type: 'integer' }, description: 'Seconds before trying again' },
              },
            }),
            content: { 'application/json': { schema: ref('Error') } },
          },
        ]),
      ),
      securitySchemes: {
        person: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "A person's token: from POST /api/v1/auth/login, or from the institution's OIDC issuer when configured",
        },
        credential: {
          type: 'http',
          scheme: 'basic',
          description: "An xAPI client's key and secret",
        },
      },
    },
  };
}

let built: ReturnType<typeof buildDocument> | undefined;

/** The document (built once: it depends on code only). */
export function openApiDocument(): ReturnType<typeof buildDocument> {
  return (built ??= buildDocument());
}
