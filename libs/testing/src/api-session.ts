// A person signed in to Custos's API with a bearer token, as the web pages are: the tests' way to call /api/v1 (and
// /xapi with a person's token) without writing the login and fetch each time.

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  /** The JSON answered, or undefined for an empty body. */
  body: T;
}

/** Calls the API as the signed-in person: a JSON body when given, `headers` added to each request. */
export type ApiSession = <T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<ApiAnswer<T>>;

/**
 * Signs `username` in at `baseUrl` (POST /api/v1/auth/login) and answers a session; throws with `context()` (e.g. a
 * cluster's logs) when the sign-in is refused.
 */
export async function signInToApi(
  baseUrl: string,
  login: { tenant: string; username: string; password: string },
  options: { headers?: Record<string, string>; context?: () => string } = {},
): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(login),
  });
  if (res.status !== 200) {
    throw new Error(`sign-in of ${login.username} answered ${res.status}\n${options.context?.() ?? ''}`);
  }
  const { access_token: token } = (await res.json()) as { access_token: string };
  return async <T>(method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...options.headers,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await answer.text();
    return {
      status: answer.status,
      headers: answer.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  };
}
