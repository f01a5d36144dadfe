// The admin API (/api/v1/credentials, people, groups, policies, retention, explain), typed by the gateway's OpenAPI
// document. A refusal becomes an AdminApiError carrying the fields the server named, so a form can say which
// of its fields is wrong.
import { api, ApiError, bearer } from '../api/client';
import type { components } from '../api/schema';

type Schemas = components['schemas'];
export type Credential = Schemas['Credential'];
export type CreatedCredential = Schemas['CreatedCredential'];
export type Person = Schemas['Person'];
export type Group = Schemas['Group'];
export type Policy = Schemas['Policy'];
export type PolicyBody = Schemas['PolicyBody'];
export type PolicyCounts = Schemas['PolicyCounts'];
export type Explanation = Schemas['Explanation'];
export type CreatePerson = Schemas['CreatePerson'];
export type UpdatePerson = Schemas['UpdatePerson'];
export type RetentionRule = Schemas['RetentionRule'];
export type RetentionRuleBody = Schemas['RetentionRuleBody'];
export type LegalHold = Schemas['LegalHold'];
export type LegalHoldBody = Schemas['LegalHoldBody'];
export type RetentionReport = Schemas['RetentionReport'];

/** The xAPI scopes a credential can be given (xAPI 2.0 part three §4.2), narrowest first. */
export const SCOPES = [
  'statements/write',
  'statements/read/mine',
  'statements/read',
  'state',
  'define',
  'profile',
  'all/read',
  'all',
] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLES = ['learner', 'admin', 'auditor', 'consumer', 'guardian'] as const;
export type Role = (typeof ROLES)[number];

export const LAWFUL_BASES = [
  'consent',
  'legitimate-interest',
  'contract',
  'public-task',
  'legal-obligation',
] as const;

/** What a system bound to a policy's purpose may store about a learner without a basis (docs/privacy-operations.md). */
export const WRITE_WITHOUT_BASIS = ['reject', 'hold', 'pseudonymise'] as const;
export type WriteWithoutBasis = (typeof WRITE_WITHOUT_BASIS)[number];

export class AdminApiError extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly fieldErrors: { path: string; message: string }[] = [],
  ) {
    super(status, message);
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function unwrap<T>(answer: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await answer;
  if (response.ok && data !== undefined) return data;
  const body = (error ?? {}) as { message?: string; errors?: { path: string; message: string }[] };
  throw new AdminApiError(response.status, body.message ?? response.statusText, body.errors ?? []);
}

const auth = (token: string) => ({ headers: bearer(token) });

export const listCredentials = (token: string) => unwrap(api.GET('/api/v1/credentials', auth(token)));
export const createCredential = (
  token: string,
  body: { name: string; scopes: string[]; writePolicyId?: string | null },
) => unwrap(api.POST('/api/v1/credentials', { ...auth(token), body }));
export const bindCredential = (token: string, id: string, writePolicyId: string | null) =>
  unwrap(
    api.PATCH('/api/v1/credentials/{id}', {
      ...auth(token),
      params: { path: { id } },
      body: { writePolicyId },
    }),
  );
export const revokeCredential = (token: string, id: string) =>
  unwrap(api.DELETE('/api/v1/credentials/{id}', { ...auth(token), params: { path: { id } } }));

export const listPeople = (token: string) => unwrap(api.GET('/api/v1/people', auth(token)));
export const createPerson = (token: string, body: CreatePerson) =>
  unwrap(api.POST('/api/v1/people', { ...auth(token), body }));
export const updatePerson = (token: string, id: string, body: UpdatePerson) =>
  unwrap(api.PATCH('/api/v1/people/{id}', { ...auth(token), params: { path: { id } }, body }));

export const tenantSettings = (token: string) => unwrap(api.GET('/api/v1/tenant/settings', auth(token)));

export const listGroups = (token: string) => unwrap(api.GET('/api/v1/groups', auth(token)));
export const createGroup = (token: string, name: string) =>
  unwrap(api.POST('/api/v1/groups', { ...auth(token), body: { name } }));
export const setGroupMembers = (token: string, id: string, personIds: string[]) =>
  unwrap(
    api.PUT('/api/v1/groups/{id}/members', { ...auth(token), params: { path: { id } }, body: { personIds } }),
  );

export const listPolicies = (token: string) => unwrap(api.GET('/api/v1/policies', auth(token)));
export const policyCounts = (token: string) => unwrap(api.GET('/api/v1/policies/counts', auth(token)));
export const createPolicy = (token: string, body: PolicyBody) =>
  unwrap(api.POST('/api/v1/policies', { ...auth(token), body }));
export const updatePolicy = (token: string, id: string, body: PolicyBody) =>
  unwrap(api.PUT('/api/v1/policies/{id}', { ...auth(token), params: { path: { id } }, body }));
export const policyHistory = (token: string, id: string) =>
  unwrap(api.GET('/api/v1/policies/{id}/history', { ...auth(token), params: { path: { id } } }));

export const listRetentionRules = (token: string) => unwrap(api.GET('/api/v1/retention/rules', auth(token)));
export const createRetentionRule = (token: string, body: RetentionRuleBody) =>
  unwrap(api.POST('/api/v1/retention/rules', { ...auth(token), body }));
export const deleteRetentionRule = (token: string, id: string) =>
  unwrap(api.DELETE('/api/v1/retention/rules/{id}', { ...auth(token), params: { path: { id } } }));
export const listLegalHolds = (token: string) => unwrap(api.GET('/api/v1/retention/holds', auth(token)));
export const createLegalHold = (token: string, body: LegalHoldBody) =>
  unwrap(api.POST('/api/v1/retention/holds', { ...auth(token), body }));
export const releaseLegalHold = (token: string, id: string) =>
  unwrap(api.POST('/api/v1/retention/holds/{id}/release', { ...auth(token), params: { path: { id } } }));
export const retentionDryRun = (token: string) => unwrap(api.POST('/api/v1/retention/dry-run', auth(token)));

export const explain = (token: string, statementId: string, principal?: string) =>
  unwrap(
    api.GET('/api/v1/explain', {
      ...auth(token),
      params: { query: { statementId, ...(principal ? { principal } : {}) } },
    }),
  );
