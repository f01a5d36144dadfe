// A tiny xAPI client over fetch: Basic auth and the version header, as an LRP would send them.

export interface XapiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface XapiClient {
  request: <T = unknown>(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ) => Promise<XapiResponse<T>>;
  postStatements: (body: unknown) => Promise<XapiResponse<string[]>>;
  getStatements: <T = { statements: Record<string, unknown>[]; more: string }>(
    params?: Record<string, string>,
  ) => Promise<XapiResponse<T>>;
}

export function xapiClient(baseUrl: string, key: string, secret: string, version = '1.0.3'): XapiClient {
  const auth = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  const request: XapiClient['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {
      Authorization: auth,
      'X-Experience-API-Version': version,
      ...options.headers,
    };
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as never, text };
  };
  return {
    request,
    postStatements: (body) => request('POST', '/xapi/statements', { body }),
    getStatements: (params = {}) =>
      request('GET', `/xapi/statements?${new URLSearchParams(params).toString()}`),
  };
}
