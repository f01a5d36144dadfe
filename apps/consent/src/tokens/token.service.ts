// Bearer tokens of people: issued by the local issuer (EdDSA) or by the institution's OIDC
// provider, verified against its JWKS. Only key material is cached; who the person is and what
// they may do is read from the database on every request.
import { ServiceUnavailableError, UnauthorizedError } from '@custos/contracts';
import { Inject, Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  errors,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

import { CONSENT_OPTIONS, type ConsentModuleOptions } from '../consent.options.js';
import { issuerFetch } from './issuer-fetch.js';
import { type SigningKey, signingKeyFromPem } from './signing-key.js';
import { externalRefOf, localClaims, localRefOf, type PersonRef, TOKEN_TTL_SECONDS } from './token-claims.js';

const INVALID = 'invalid or expired bearer token';
/** Asymmetric algorithms only: a shared-secret (HS*) token could be forged by anyone holding the JWKS. */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

@Injectable()
export class TokenService {
  private readonly key: SigningKey | null;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;

  constructor(@Inject(CONSENT_OPTIONS) private readonly options: ConsentModuleOptions) {
    this.key = options.jwtPrivateKey ? signingKeyFromPem(options.jwtPrivateKey) : null;
    const oidc = options.oidc;
    this.jwks = oidc
      ? createRemoteJWKSet(
          new URL(oidc.jwksUrl ?? `${oidc.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`),
          // A private issuer CA is trusted for these fetches only (issuer-fetch.ts).
          oidc.caPem ? { [customFetch]: issuerFetch(oidc.caPem) } : {},
        )
      : null;
  }

  async issue(personId: string, tenantId: string): Promise<{ token: string; expiresIn: number }> {
    if (!this.key) {
      throw new ServiceUnavailableError('people login is not configured (CUSTOS_JWT_PRIVATE_KEY is not set)');
    }
    const claims = localClaims({ issuer: this.options.publicUrl, personId, tenantId, now: new Date() });
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
      .sign(this.key.privateKey);
    return { token, expiresIn: TOKEN_TTL_SECONDS };
  }

  /** Verifies signature, issuer, audience and expiry; 401 for anything that is not a valid token. */
  async verify(token: string): Promise<PersonRef> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new UnauthorizedError(INVALID);
    }
    let ref: PersonRef | null = null;
    if (this.key && issuer === this.options.publicUrl) {
      ref = localRefOf(
        await this.checked(() =>
          jwtVerify(token, this.key!.publicKey, {
            issuer: this.options.publicUrl,
            audience: 'custos',
            algorithms: ['EdDSA'],
          }),
        ),
      );
    } else if (this.jwks && this.options.oidc && issuer === this.options.oidc.issuer) {
      const { issuer: expected, audience, tenantClaim } = this.options.oidc;
      ref = externalRefOf(
        await this.checked(() =>
          jwtVerify(token, this.jwks!, {
            issuer: expected,
            ...(audience ? { audience } : {}),
            algorithms: OIDC_ALGORITHMS,
          }),
        ),
        tenantClaim,
      );
    }
    if (!ref) throw new UnauthorizedError(INVALID);
    return ref;
  }

  private async checked(verify: () => Promise<{ payload: JWTPayload }>): Promise<JWTPayload> {
    try {
      return (await verify()).payload;
    } catch (err) {
      // The issuer being unreachable is not the caller's fault; a bad token is.
      if (
        err instanceof errors.JWKSTimeout ||
        err instanceof errors.JWKSInvalid ||
        !(err instanceof errors.JOSEError)
      ) {
        throw new ServiceUnavailableError('the identity provider could not be reached');
      }
      throw new UnauthorizedError(INVALID);
    }
  }
}
