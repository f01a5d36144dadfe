// What a person's bearer token says and how its claims map to a person (RFC 7519 §4.1). Pure, so
// the mapping rules are tested without keys or a database.
import { isUuid } from '@custos/xapi';
import type { JWTPayload } from 'jose';

/** Audience of the tokens Custos issues itself. */
export const LOCAL_AUDIENCE = 'custos';
/** Lifetime of a locally issued token: an hour, after which the person logs in again. */
export const TOKEN_TTL_SECONDS = 3600;

export interface LocalTokenInput {
  issuer: string;
  personId: string;
  tenantId: string;
  now: Date;
}

/** Claims of a token from the local issuer: `sub` is the person id, `tid` the tenant. */
export function localClaims(input: LocalTokenInput): JWTPayload & { tid: string } {
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.issuer,
    aud: LOCAL_AUDIENCE,
    sub: input.personId,
    tid: input.tenantId,
    iat,
    exp: iat + TOKEN_TTL_SECONDS,
  };
}

/** Who a verified token names: by person id (local issuer) or by OIDC subject (institution). */
export type PersonRef =
  | { kind: 'local'; tenantId: string; personId: string }
  | { kind: 'external'; tenantId: string; subject: string };

/** The person a verified local token names, or null when its claims are not ours. */
export function localRefOf(payload: JWTPayload): PersonRef | null {
  const tid = payload['tid'];
  if (typeof tid !== 'string' || tid === '' || typeof payload.sub !== 'string' || !isUuid(payload.sub)) {
    return null;
  }
  return { kind: 'local', tenantId: tid, personId: payload.sub };
}

/**
 * The person a verified institutional token names: `sub` is matched to `person.external_subject`
 * and the tenant is read from a configured claim (default `tid`).
 */
export function externalRefOf(payload: JWTPayload, tenantClaim: string): PersonRef | null {
  const tenant = payload[tenantClaim];
  if (typeof tenant !== 'string' || tenant === '' || typeof payload.sub !== 'string' || payload.sub === '') {
    return null;
  }
  return { kind: 'external', tenantId: tenant, subject: payload.sub };
}
