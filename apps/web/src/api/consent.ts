// The learner's consent: who may read their records and why (effective access), the policies asking
// for their consent, and the changes they make — grant, revoke, object, withdraw — each answered by a
// consent receipt. Also the export of everything about them. Every call acts for the signed-in person.
import { ApiError, api, bearer, NO_BROWSER_CREDENTIALS } from './client';
import type { components } from './schema';

export type EffectiveAccessEntry = components['schemas']['EffectiveAccessEntry'];
export type ConsentRequest = components['schemas']['ConsentRequest'];
export type ConsentReceipt = components['schemas']['ConsentReceipt'];
export type GrantBody = components['schemas']['GrantBody'];
export type PolicyScope = components['schemas']['Policy']['scope'];
export type LawfulBasis = components['schemas']['Policy']['lawfulBasis'];

/** The message of an error answer (`{ message }`), for a failed change the learner should read. */
function failure(status: number, error: unknown, fallback: string): ApiError {
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : fallback;
  return new ApiError(status, message);
}

export async function effectiveAccess(token: string): Promise<EffectiveAccessEntry[]> {
  const { data, error, response } = await api.GET('/api/v1/me/effective-access', { headers: bearer(token) });
  if (!data) throw failure(response.status, error, 'effective access unavailable');
  return data;
}

export async function consentRequests(token: string): Promise<ConsentRequest[]> {
  const { data, error, response } = await api.GET('/api/v1/me/consent-requests', { headers: bearer(token) });
  if (!data) throw failure(response.status, error, 'consent requests unavailable');
  return data;
}

export async function grant(token: string, body: GrantBody): Promise<ConsentReceipt> {
  const { data, error, response } = await api.POST('/api/v1/me/grants', { headers: bearer(token), body });
  if (!data) throw failure(response.status, error, 'grant refused');
  return data;
}

export async function revokeGrant(token: string, grantId: string): Promise<ConsentReceipt> {
  const { data, error, response } = await api.DELETE('/api/v1/me/grants/{id}', {
    headers: bearer(token),
    params: { path: { id: grantId } },
  });
  if (!data) throw failure(response.status, error, 'revocation refused');
  return data;
}

export async function object(token: string, policyId: string): Promise<ConsentReceipt> {
  const { data, error, response } = await api.POST('/api/v1/me/objections', {
    headers: bearer(token),
    body: { policyId },
  });
  if (!data) throw failure(response.status, error, 'objection refused');
  return data;
}

export async function withdrawObjection(token: string, objectionId: string): Promise<ConsentReceipt> {
  const { data, error, response } = await api.DELETE('/api/v1/me/objections/{id}', {
    headers: bearer(token),
    params: { path: { id: objectionId } },
  });
  if (!data) throw failure(response.status, error, 'withdrawal refused');
  return data;
}

export type Ward = components['schemas']['Ward'];

/** The learners linked to the signed-in guardian (docs/privacy-operations.md "Guardians and minors"). */
export async function wards(token: string): Promise<Ward[]> {
  const { data, error, response } = await api.GET('/api/v1/guardian/learners', { headers: bearer(token) });
  if (!data) throw failure(response.status, error, 'learners unavailable');
  return data;
}

/** A minor's consent requests, as their guardian sees them. */
export async function wardConsentRequests(token: string, learnerId: string): Promise<ConsentRequest[]> {
  const { data, error, response } = await api.GET('/api/v1/guardian/learners/{learnerId}/consent-requests', {
    headers: bearer(token),
    params: { path: { learnerId } },
  });
  if (!data) throw failure(response.status, error, 'consent requests unavailable');
  return data;
}

/** A guardian grants for a minor: the receipt names the guardian in `actedBy`. */
export async function grantForWard(
  token: string,
  learnerId: string,
  body: GrantBody,
): Promise<ConsentReceipt> {
  const { data, error, response } = await api.POST('/api/v1/guardian/learners/{learnerId}/grants', {
    headers: bearer(token),
    params: { path: { learnerId } },
    body,
  });
  if (!data) throw failure(response.status, error, 'grant refused');
  return data;
}

export async function revokeForWard(
  token: string,
  learnerId: string,
  grantId: string,
): Promise<ConsentReceipt> {
  const { data, error, response } = await api.DELETE('/api/v1/guardian/learners/{learnerId}/grants/{id}', {
    headers: bearer(token),
    params: { path: { learnerId, id: grantId } },
  });
  if (!data) throw failure(response.status, error, 'revocation refused');
  return data;
}

/** What the export held, from its last line; `complete` false when that line is missing (it broke off). */
export interface ExportSummary {
  complete: boolean;
  statements: number;
  documents: number;
  attachments: number;
}

/**
 * Everything about the learner (GET /api/v1/me/export) as NDJSON in one Blob. Fetched with the bearer
 * token — a plain link could not carry it — and kept in memory until the person saves it.
 */
export async function exportMine(token: string): Promise<{ file: Blob; summary: ExportSummary }> {
  const res = await fetch('/api/v1/me/export', {
    ...NO_BROWSER_CREDENTIALS,
    headers: { ...bearer(token), Accept: 'application/x-ndjson' },
  });
  if (!res.ok) throw new ApiError(res.status, 'export unavailable');
  const text = await res.text();
  return { file: new Blob([text], { type: 'application/x-ndjson' }), summary: summariseExport(text) };
}

export function summariseExport(ndjson: string): ExportSummary {
  const lines = ndjson.trimEnd().split('\n');
  try {
    const last = JSON.parse(lines[lines.length - 1] ?? '') as Partial<ExportSummary> & { type?: string };
    if (last.type === 'end') {
      return {
        complete: true,
        statements: Number(last.statements ?? 0),
        documents: Number(last.documents ?? 0),
        attachments: Number(last.attachments ?? 0),
      };
    }
  } catch {
    // A line cut short is not JSON: the export broke off, said below.
  }
  return { complete: false, statements: 0, documents: 0, attachments: 0 };
}
