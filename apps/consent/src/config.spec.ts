import { ConfigError } from '@custos/config';
import { describe, expect, it } from 'vitest';

import { oidcOptionsOf } from './config.js';

const base = { CUSTOS_OIDC_TENANT_CLAIM: 'tid' } as Parameters<typeof oidcOptionsOf>[0];

describe('oidcOptionsOf', () => {
  it('is off without an issuer', () => {
    expect(oidcOptionsOf(base)).toBeUndefined();
  });

  it('refuses an issuer without an audience, naming the key', () => {
    expect(() => oidcOptionsOf({ ...base, CUSTOS_OIDC_ISSUER: 'https://idp.example.org' })).toThrow(
      ConfigError,
    );
    expect(() => oidcOptionsOf({ ...base, CUSTOS_OIDC_ISSUER: 'https://idp.example.org' })).toThrow(
      /CUSTOS_OIDC_AUDIENCE/,
    );
  });

  it('passes issuer, audience and tenant claim through', () => {
    expect(
      oidcOptionsOf({
        ...base,
        CUSTOS_OIDC_ISSUER: 'https://idp.example.org',
        CUSTOS_OIDC_AUDIENCE: 'custos-lrs',
      }),
    ).toMatchObject({ issuer: 'https://idp.example.org', audience: 'custos-lrs', tenantClaim: 'tid' });
  });
});
