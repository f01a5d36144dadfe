import { describe, expect, it } from 'vitest';

import { rewriteAlternateRequest } from './alternate-request-syntax.js';

const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const request = (
  url: string,
  fields: Record<string, string>,
  contentType = 'application/x-www-form-urlencoded',
) => ({
  method: 'POST',
  url,
  headers: { 'content-type': contentType },
  body: form(fields),
});

describe('rewriteAlternateRequest (xAPI 1.0.3 Communication §1.3)', () => {
  it('leaves ordinary requests alone', () => {
    expect(
      rewriteAlternateRequest({
        method: 'POST',
        url: '/xapi/statements',
        headers: {},
        body: Buffer.alloc(0),
      }),
    ).toBeNull();
    expect(
      rewriteAlternateRequest({
        method: 'GET',
        url: '/xapi/statements?method=PUT',
        headers: {},
        body: Buffer.alloc(0),
      }),
    ).toBeNull();
  });

  it('turns form fields into the method, headers, parameters and body they stand for', () => {
    const statement = '{"actor":{"mbox":"mailto:a@example.org"}}';
    const rewritten = rewriteAlternateRequest(
      request('/xapi/statements?method=PUT', {
        statementId: 'abc',
        Authorization: 'Basic a2V5OnNlY3JldA==',
        'X-Experience-API-Version': '1.0.3',
        'Content-Type': 'application/json',
        content: statement,
      }),
    );
    expect(rewritten).toEqual({
      method: 'PUT',
      url: '/xapi/statements?statementId=abc',
      headers: {
        authorization: 'Basic a2V5OnNlY3JldA==',
        'x-experience-api-version': '1.0.3',
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(statement)),
      },
      body: Buffer.from(statement),
    });
  });

  it('carries GET parameters from the form', () => {
    const rewritten = rewriteAlternateRequest(
      request('/xapi/statements?method=GET', { verb: 'http://example.org/v', limit: '2' }),
    );
    expect(rewritten?.method).toBe('GET');
    expect(rewritten?.url).toBe('/xapi/statements?verb=http%3A%2F%2Fexample.org%2Fv&limit=2');
    expect(rewritten?.body.length).toBe(0);
  });

  it('rejects other query parameters, unknown methods, other content types and xAPI 2.0', () => {
    expect(() => rewriteAlternateRequest(request('/xapi/statements?method=GET&limit=1', {}))).toThrow(
      /form body/,
    );
    expect(() => rewriteAlternateRequest(request('/xapi/statements?method=PATCH', {}))).toThrow(/PATCH/);
    expect(() =>
      rewriteAlternateRequest(request('/xapi/statements?method=GET', {}, 'application/json')),
    ).toThrow(/x-www-form-urlencoded/);
    expect(() =>
      rewriteAlternateRequest(
        request('/xapi/statements?method=GET', { 'X-Experience-API-Version': '2.0.0' }),
      ),
    ).toThrow(/2\.0/);
  });
});
