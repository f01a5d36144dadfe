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

  it('reads the issuer CA file, and refuses one it cannot read or that holds no certificate', () => {
    const issuer = { ...base, CUSTOS_OIDC_ISSUER: 'https://idp.example.org', CUSTOS_OIDC_AUDIENCE: 'lrs' };
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const files: Record<string, string> = { '/ca.pem': pem, '/empty.pem': '' };
    const read = (path: string) => {
      if (path in files) return files[path]!;
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    };
    expect(oidcOptionsOf(issuer, read)?.caPem).toBeUndefined();
    expect(oidcOptionsOf({ ...issuer, CUSTOS_OIDC_CA_FILE: '/ca.pem' }, read)?.caPem).toBe(pem);
    expect(() => oidcOptionsOf({ ...issuer, CUSTOS_OIDC_CA_FILE: '/nope.pem' }, read)).toThrow(
      /CUSTOS_OIDC_CA_FILE: cannot read \/nope.pem \(ENOENT\)/,
    );
    expect(() => oidcOptionsOf({ ...issuer, CUSTOS_OIDC_CA_FILE: '/empty.pem' }, read)).toThrow(
      /CUSTOS_OIDC_CA_FILE: \/empty.pem holds no PEM certificate/,
    );
  });
});
