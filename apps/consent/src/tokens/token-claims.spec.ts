import { describe, expect, it } from 'vitest';

import { externalRefOf, localClaims, localRefOf, TOKEN_TTL_SECONDS } from './token-claims.js';

const personId = '0b5c7c1e-8f43-4d8a-9a52-4c4d1c3e2f10';

describe('token claims', () => {
  it('issues iss, aud custos, sub = person id, tid = tenant and a one-hour expiry', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const claims = localClaims({ issuer: 'https://lrs.example.org', personId, tenantId: 't1', now });
    expect(claims).toEqual({
      iss: 'https://lrs.example.org',
      aud: 'custos',
      sub: personId,
      tid: 't1',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + TOKEN_TTL_SECONDS,
    });
    expect(TOKEN_TTL_SECONDS).toBe(3600);
  });

  it('maps a local token back to tenant and person id', () => {
    expect(localRefOf({ sub: personId, tid: 't1' })).toEqual({ kind: 'local', tenantId: 't1', personId });
  });

  it('refuses a local token without a tenant or with a non-uuid subject', () => {
    expect(localRefOf({ sub: personId })).toBeNull();
    expect(localRefOf({ sub: 'ana', tid: 't1' })).toBeNull();
  });

  it('maps an institutional token by sub and the configured tenant claim', () => {
    expect(externalRefOf({ sub: 'ext-42', org: 'uni' }, 'org')).toEqual({
      kind: 'external',
      tenantId: 'uni',
      subject: 'ext-42',
    });
    expect(externalRefOf({ sub: 'ext-42', tid: 'uni' }, 'org')).toBeNull();
    expect(externalRefOf({ org: 'uni' }, 'org')).toBeNull();
  });
});
