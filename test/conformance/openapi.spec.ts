// GET /api/v1/openapi.json describes exactly the REST API the running app serves: every route registered under
// /api/v1 (read from the HTTP router, not from a list kept by hand) with its method, and nothing else; and the
// document is a valid OpenAPI 3.1 document whose references all resolve.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

type OpenApi = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
} & Record<string, unknown>;

/** `METHOD /path` of every route the Express router holds under /api/v1, in OpenAPI's path syntax. */
function registeredRoutes(): string[] {
  const express = lrs.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack.flatMap(({ route }) =>
    route && route.path.startsWith('/api/v1/')
      ? Object.keys(route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`)
      : [],
  );
}

const documentedRoutes = (doc: OpenApi): string[] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
  );

async function fetchDocument(): Promise<{ status: number; type: string | null; doc: OpenApi }> {
  const res = await fetch(`${lrs.baseUrl}/api/v1/openapi.json`);
  return { status: res.status, type: res.headers.get('content-type'), doc: (await res.json()) as OpenApi };
}

describe('GET /api/v1/openapi.json', () => {
  it('answers without authentication, as JSON', async () => {
    const { status, type, doc } = await fetchDocument();
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(doc).toMatchObject({ openapi: expect.stringMatching(/^3\.1\.\d+$/), info: { version: 'v1' } });
  });

  it('lists exactly the routes the app registered under /api/v1, with their methods', async () => {
    const registered = registeredRoutes();
    expect(registered.length).toBeGreaterThan(20);
    expect(registered).toContain('GET /api/v1/openapi.json');
    const { doc } = await fetchDocument();
    expect(documentedRoutes(doc).sort()).toEqual([...new Set(registered)].sort());
  });

  it('is a valid OpenAPI 3.1 document whose $refs all resolve', async () => {
    const { doc } = await fetchDocument();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('names the schemes (Basic for credentials, Bearer JWT for people) and the errors of each operation', async () => {
    const { doc } = await fetchDocument();
    expect(doc.components.securitySchemes).toMatchObject({
      credential: { type: 'http', scheme: 'basic' },
      person: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const open = ['/api/v1/openapi.json', '/api/v1/auth/login', '/api/v1/auth/config'].includes(path);
        expect(op.security.length === 0, `${method} ${path} security`).toBe(open);
        // Only the public documents never answer 401 (the login does, for a wrong password).
        if (path !== '/api/v1/openapi.json' && path !== '/api/v1/auth/config') {
          expect(Object.keys(op.responses), `${method} ${path} responses`).toContain('401');
        }
        if (path.includes('{')) expect(Object.keys(op.responses)).toContain('404');
      }
    }
  });

  it('documents the sign-in throttle: 429 with Retry-After and 423 on login and Basic routes, and the unlock routes', async () => {
    const { doc } = await fetchDocument();
    const login = doc.paths['/api/v1/auth/login']!.post!;
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['401', '423', '429']));
    // Every authenticated route takes HTTP Basic, whose secrets are throttled too.
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (op.security.length === 0) continue;
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(['423', '429']),
        );
      }
    }
    const responses = (doc.components as unknown as { responses: Record<string, { headers?: object }> })
      .responses;
    expect(responses.E429!.headers).toHaveProperty('Retry-After');
    for (const path of ['/api/v1/people/{id}/sign-in-lock', '/api/v1/credentials/{id}/sign-in-lock']) {
      const op = doc.paths[path]!.delete!;
      expect(op.security, path).toEqual([{ person: [] }]);
      expect(Object.keys(op.responses), path).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    }
  });
});
