// xAPI HTTP rules that are not about one resource: CORS, HEAD, the 1.0.3 alternate request
// syntax, versions, authentication.
import { aStatement } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

describe('CORS (2.0 Communication §1.2)', () => {
  it('answers a preflight without credentials or version header, allowing the xAPI headers', async () => {
    const res = await fetch(`${lrs.baseUrl}/xapi/statements`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://course.example.org',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization,content-type,x-experience-api-version',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://course.example.org');
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'x-experience-api-version',
    );
  });

  it('lets browser content read the xAPI response headers', async () => {
    const xapi = await lrs.client();
    const res = await xapi.request('GET', '/xapi/statements', {
      headers: { Origin: 'https://course.example.org' },
    });
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Experience-API-Consistent-Through');
  });
});

describe('HEAD (2.0 Communication §1.1: every GET also answers HEAD)', () => {
  it('answers HEAD /statements with the GET headers and no body', async () => {
    const xapi = await lrs.client();
    await xapi.postStatements(aStatement());
    const res = await xapi.request('HEAD', '/xapi/statements');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers.get('x-experience-api-consistent-through')).toBeTruthy();
  });
});

describe('Alternate request syntax (1.0.3 Communication §1.3)', () => {
  const alternate = async (method: string, fields: Record<string, string>, path = '/xapi/statements') =>
    fetch(`${lrs.baseUrl}${path}?method=${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  it('stores a statement PUT through a form and reads it back through a form GET', async () => {
    const c = await lrs.credentials.create(['all']);
    const authorization = `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;
    const id = crypto.randomUUID();
    const put = await alternate('PUT', {
      statementId: id,
      Authorization: authorization,
      'X-Experience-API-Version': '1.0.3',
      'Content-Type': 'application/json',
      content: JSON.stringify(aStatement()),
    });
    expect(put.status).toBe(204);
    const get = await alternate('GET', {
      statementId: id,
      Authorization: authorization,
      'X-Experience-API-Version': '1.0.3',
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { id: string }).id).toBe(id);
  });

  it('rejects parameters in the query string other than method', async () => {
    const res = await fetch(`${lrs.baseUrl}/xapi/statements?method=GET&limit=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(res.status).toBe(400);
  });

  it('is not available under xAPI 2.0 (2.0 removed it)', async () => {
    const c = await lrs.credentials.create(['all']);
    const res = await alternate('GET', {
      Authorization: `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`,
      'X-Experience-API-Version': '2.0.0',
    });
    expect(res.status).toBe(400);
  });
});

describe('Versions and authentication (2.0 Communication §3.3, §4)', () => {
  it('rejects a request without X-Experience-API-Version with 400', async () => {
    const xapi = await lrs.client();
    expect(
      (await xapi.request('GET', '/xapi/statements', { headers: { 'X-Experience-API-Version': '' } })).status,
    ).toBe(400);
  });

  it('accepts 1.0.0 to 1.0.3 and answers with 1.0.3', async () => {
    for (const version of ['1.0.0', '1.0.1', '1.0.2', '1.0.3']) {
      const xapi = await lrs.client({ version });
      const res = await xapi.getStatements();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
    }
  });

  it('lists the supported versions on /about without authentication', async () => {
    const res = await fetch(`${lrs.baseUrl}/xapi/about`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: string[] }).version).toEqual(
      expect.arrayContaining(['1.0.3', '2.0.0']),
    );
  });

  it('answers 401 to a request without credentials', async () => {
    const res = await fetch(`${lrs.baseUrl}/xapi/statements`, {
      headers: { 'X-Experience-API-Version': '1.0.3' },
    });
    expect(res.status).toBe(401);
  });
});
