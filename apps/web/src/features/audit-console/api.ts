// The auditor's calls (docs/audit.md "Auditor API", "Verifying the log"): records a page at a time, the
// export, the figures for the charts, and the chain's verification, checkpoints and public key. Each call is
// itself recorded in the log by the server.
import { api, ApiError, bearer, NO_BROWSER_CREDENTIALS } from '../../api/client';
import type { components, operations } from '../../api/schema';
import type { AuditQuery } from './filter';

export type AuditRecord = components['schemas']['AuditRecord'];
export type AuditRecordsPage = components['schemas']['AuditRecordsPage'];
export type AuditStats = components['schemas']['AuditStats'];
export type Verification = components['schemas']['AuditVerification'];
export type Checkpoint = components['schemas']['AuditCheckpoint'];
export type PublicKey = components['schemas']['AuditPublicKey'];
export type AuditProof = components['schemas']['AuditProof'];
export type ExportFormat = NonNullable<
  NonNullable<operations['exportAuditRecords']['parameters']['query']>['format']
>;

/** Records per page of the log: a screenful or two; the next page is a button press away. */
export const PAGE_SIZE = 50;

export async function auditRecords(
  token: string,
  query: AuditQuery,
  cursor?: string,
): Promise<AuditRecordsPage> {
  const { data, error, response } = await api.GET('/api/v1/audit/records', {
    headers: bearer(token),
    params: { query: { ...query, limit: PAGE_SIZE, ...(cursor && { cursor }) } },
  });
  if (!data) throw failure(response, error, 'audit records unavailable');
  return data;
}

export async function auditStats(
  token: string,
  range: { since?: string; until?: string },
): Promise<AuditStats> {
  const { data, error, response } = await api.GET('/api/v1/audit/stats', {
    headers: bearer(token),
    params: { query: range },
  });
  if (!data) throw failure(response, error, 'audit figures unavailable');
  return data;
}

/** A file the browser is to save: its content and the name the server gave it. */
export interface Download {
  blob: Blob;
  filename: string;
}

/**
 * The export as a file. The bearer token cannot ride on a plain link (it lives in memory only), so the pages
 * fetch the stream with it and hand the browser the result to save.
 */
export async function auditExport(token: string, query: AuditQuery, format: ExportFormat): Promise<Download> {
  const params = new URLSearchParams({ ...query, format });
  const response = await fetch(`/api/v1/audit/export?${params.toString()}`, {
    headers: bearer(token),
    ...NO_BROWSER_CREDENTIALS,
  });
  if (!response.ok) {
    throw failure(response, await response.json().catch(() => undefined), 'audit export refused');
  }
  const disposition = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  // A stream broken off midway rejects here, so a partial file is never offered as the whole export.
  const blob = await response.blob();
  return { blob, filename: disposition?.[1] ?? `custos-audit.${format}` };
}

export async function verifyLog(token: string): Promise<Verification> {
  const { data, error, response } = await api.GET('/api/v1/audit/verify', { headers: bearer(token) });
  if (!data) throw failure(response, error, 'verification unavailable');
  return data;
}

/** The newest stored checkpoint, if there is one. */
export async function latestCheckpoint(token: string): Promise<Checkpoint | null> {
  const { data, error, response } = await api.GET('/api/v1/audit/checkpoints', {
    headers: bearer(token),
    params: { query: { limit: 1 } },
  });
  if (!data) throw failure(response, error, 'checkpoints unavailable');
  return data.checkpoints[0] ?? null;
}

export async function signCheckpoint(token: string): Promise<Checkpoint> {
  const { data, error, response } = await api.POST('/api/v1/audit/checkpoints', { headers: bearer(token) });
  if (!data) throw failure(response, error, 'checkpoint refused');
  return data;
}

export async function publicKey(token: string): Promise<PublicKey> {
  const { data, error, response } = await api.GET('/api/v1/audit/public-key', { headers: bearer(token) });
  if (!data) throw failure(response, error, 'public key unavailable');
  return data;
}

/**
 * The newest signed tree head and the consistency proof from the tree of `from` records to it
 * (GET /api/v1/audit/proof?from=…), for the browser to check (src/access-log/proofs.ts).
 */
export async function consistencyProof(token: string, from: string): Promise<AuditProof> {
  const { data, error, response } = await api.GET('/api/v1/audit/proof', {
    headers: bearer(token),
    params: { query: { from } },
  });
  if (!data) throw failure(response, error, 'proof unavailable');
  return data;
}

/** An error answer, with the server's message when it gave one (a 400 names the bad parameter). */
function failure(response: Response, body: unknown, fallback: string): ApiError {
  const message = (body as { message?: unknown } | undefined)?.message;
  return new ApiError(response.status, typeof message === 'string' ? message : fallback);
}
