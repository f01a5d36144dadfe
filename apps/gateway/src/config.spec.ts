import { ConfigError } from '@custos/config';
import { describe, expect, it } from 'vitest';

import { signInOptionsOf } from './config.js';

describe('the web pages’ sign-in options', () => {
  const issuer = 'https://login.uni.example';

  it('are the local login alone without a client id', () => {
    expect(signInOptionsOf({ CUSTOS_OIDC_ISSUER: issuer, CUSTOS_OIDC_SCOPE: 'openid' })).toEqual({
      oidc: null,
    });
  });

  it('name the issuer, the client and the scope when both are set', () => {
    const options = signInOptionsOf({
      CUSTOS_OIDC_ISSUER: issuer,
      CUSTOS_OIDC_CLIENT_ID: 'custos-web',
      CUSTOS_OIDC_SCOPE: 'openid profile',
    });
    expect(options).toEqual({ oidc: { issuer, clientId: 'custos-web', scope: 'openid profile' } });
  });

  it('refuse a client id without an issuer, so the gateway does not start half-configured', () => {
    expect(() =>
      signInOptionsOf({ CUSTOS_OIDC_CLIENT_ID: 'custos-web', CUSTOS_OIDC_SCOPE: 'openid' }),
    ).toThrow(ConfigError);
  });
});
