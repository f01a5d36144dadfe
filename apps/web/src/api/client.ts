// Calls to /api/v1, typed by the gateway's OpenAPI document (./schema.d.ts, generated), and to the
// xAPI statements resource (outside the OpenAPI document: xAPI's own specification describes it).
// The bearer token is passed in by the caller from the session, which keeps it in memory only.
import createClient from 'openapi-fetch';

import type { components, paths } from './schema';

export type Person = components['schemas']['Person'];
export type SignInOptions = components['schemas']['SignInOptions'];
export type AccessLogPage = components['schemas']['AccessLogPage'];
/** An access-log entry; a read by someone else that also covered other learners has no `count`. */
export type AccessLogEntry = AccessLogPage['entries'][number];

/** An API answer other than success; `status` 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * No browser-held credentials on any call: the pages send their bearer token themselves. It also
 * keeps the browser from answering a 401 (whose WWW-Authenticate offers Basic, for xAPI clients)
 * with its own username/password dialog, which a failed sign-in or an expired token would open —
 * the Fetch standard prompts only when credentials are included.
 */
export const NO_BROWSER_CREDENTIALS = { credentials: 'omit' } as const;

export const api = createClient<paths>({ baseUrl: window.location.origin, ...NO_BROWSER_CREDENTIALS });

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function logIn(tenant: string, username: string, password: string): Promise<string> {
  const { data, response } = await api.POST('/api/v1/auth/login', {
    body: { tenant, username, password },
  });
  if (!data) throw new ApiError(response.status, 'login refused');
  return data.access_token;
}

/** How people may sign in here: the local login, and the institution's OIDC provider when configured. */
export async function signInOptions(): Promise<SignInOptions> {
  const { data, response } = await api.GET('/api/v1/auth/config');
  if (!data) throw new ApiError(response.status, 'sign-in options unavailable');
  return data;
}

/** The signed-in person (GET /api/v1/me). */
export async function me(token: string): Promise<Person> {
  const { data, response } = await api.GET('/api/v1/me', { headers: bearer(token) });
  if (!data) throw new ApiError(response.status, 'who am I unavailable');
  return data;
}

export async function accessLogPage(token: string, cursor?: string): Promise<AccessLogPage> {
  const { data, response } = await api.GET('/api/v1/me/access-log', {
    headers: bearer(token),
    params: { query: cursor ? { cursor } : {} },
  });
  if (!data) throw new ApiError(response.status, 'access log unavailable');
  return data;
}

/** The `cursor` parameter of a `next` link. */
export function cursorOf(next: string | null): string | undefined {
  if (!next) return undefined;
  return new URL(next, window.location.origin).searchParams.get('cursor') ?? undefined;
}
