// The web pages at `/` (apps/gateway/src/http/web-pages.ts): served with a strict
// Content-Security-Policy and no framing, index.html for the browser app's own addresses, and
// never in place of an API answer. Needs the built pages (dist/web): `npm test` builds first.
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const HTML = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const get = (path: string, headers: Record<string, string> = HTML) =>
  fetch(`${lrs.baseUrl}${path}`, { headers });

function expectPageHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('the web pages', () => {
  it('are served at / with a strict policy, and load no inline script', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expectPageHeaders(res);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\bsrc="\/assets\/[^"]+\.js"/);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('serve the built script and style files with the same headers', async () => {
    const html = await (await get('/')).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const asset of assets) {
      const res = await get(asset, {});
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type')).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expectPageHeaders(res);
    }
  });

  it('answer the browser app’s own addresses (a reload on /records) with the app', async () => {
    for (const path of ['/records', '/access-log', '/sign-in?x=1', '/some/deep/page']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain('<div id="root">');
      expectPageHeaders(res);
    }
  });

  it('never stand in for the API, the xAPI resources or the probes', async () => {
    // (An xAPI path without X-Experience-API-Version is a 400 before routing: still not a page.)
    for (const path of ['/api/v1/nothing-here', '/api', '/xapi/nothing-here', '/xapi']) {
      const res = await get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('content-type'), path).toMatch(/application\/json/);
    }
    expect((await get('/api/v1/nothing-here')).status).toBe(404);
    expect((await get('/xapi/nothing-here', { ...HTML, 'X-Experience-API-Version': '1.0.3' })).status).toBe(
      404,
    );
    // An xAPI resource still asks for credentials, even from a browser.
    expect((await get('/xapi/statements', { ...HTML, 'X-Experience-API-Version': '1.0.3' })).status).toBe(
      401,
    );
    expect((await get('/api/v1/me')).status).toBe(401);
    const health = await get('/healthz');
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('give a missing file a 404, not the app, and answer no other method', async () => {
    expect((await get('/assets/missing-abc.js')).status).toBe(404);
    expect((await get('/favicon.ico', { Accept: 'image/*' })).status).toBe(404);
    const post = await fetch(`${lrs.baseUrl}/records`, { method: 'POST', headers: HTML });
    expect(post.status).toBe(404);
    expect(await post.text()).not.toContain('<div id="root">');
  });
});
