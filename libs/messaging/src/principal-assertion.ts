// The principal is signed, not asserted (ADR 0006). The gateway, the only part that verifies people and
// credentials, turns each authenticated principal into a short-lived Ed25519 JWS bound to the principal's
// canonical digest and to the part it is sent to; every part that acts on a principal checks it before
// anything else. Without it, any client that can reach NATS could name any principal it liked.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

import {
  canonicalJson,
  mayCall,
  owningService,
  type Part,
  PARTS,
  type PrincipalRefusalReasonV1,
  type RequestSubject,
} from '@custos/contracts';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Why an assertion was refused; the security record and the caller's error name it. */
export type RefusalReason = PrincipalRefusalReasonV1;

export interface PrincipalKeys {
  /** Ed25519 private key: the gateway's (and standalone's) only. */
  signingKey?: KeyObject;
  /** Ed25519 public keys an assertion may be signed with: two during a rotation. */
  verifyKeys: KeyObject[];
  /** Lifetime of an assertion in seconds (never beyond the request's deadline). */
  ttlSeconds: number;
}

export const DEFAULT_ASSERTION_TTL_SECONDS = 60;
/** Clocks of pods differ a little; an assertion this far past its expiry is still taken. */
const CLOCK_TOLERANCE_SECONDS = 5;
const ISSUER = 'custos-gateway';

export type Verified = { ok: true; token: string; digest: string };
export type Refused = { ok: false; reason: RefusalReason };

/** SHA-256 (base64url) of the principal's canonical JSON: the assertion covers every field of it. */
export const principalDigest = (principal: unknown): string =>
  createHash('sha256').update(canonicalJson(principal)).digest('base64url');

/** First 16 hex characters of the SHA-256 of the key's SPKI DER: names the key in the JWS header. */
export const keyIdOf = (key: KeyObject): string =>
  createHash('sha256')
    .update((key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

const principalIdOf = (p: Record<string, unknown>): unknown => p.credentialId ?? p.personId;

/**
 * Signatures already checked, by token: a request's assertion is verified at every hop it reaches, and in one
 * process (standalone, or a part that receives the same assertion again) the Ed25519 check is the same work each
 * time — it was 7 % of a standalone read's CPU. A token's bytes decide its signature, so a cached check is the
 * check; expiry, audience, digest and request id are still checked on every use. Bounded; oldest first out.
 */
const VERIFIED_CACHE_SIZE = 5_000;

export class PrincipalAssertions {
  private readonly byKeyId: Map<string, KeyObject>;
  private readonly signingKeyId?: string;
  private readonly verified = new Map<string, Record<string, unknown>>();

  constructor(private readonly keys: PrincipalKeys) {
    this.byKeyId = new Map(keys.verifyKeys.map((k) => [keyIdOf(k), k]));
    if (keys.signingKey) this.signingKeyId = keyIdOf(keys.signingKey);
  }

  canSign(): boolean {
    return this.keys.signingKey !== undefined;
  }

  /**
   * The assertion for `principal` sent to `audience`, in the request `requestId`, valid for the configured
   * lifetime but never beyond `deadline` (epoch ms): a request nobody waits for needs no proof.
   */
  async sign(
    principal: Record<string, unknown>,
    audience: Part,
    context: {
      requestId?: string;
      deadline?: number;
      /** Sign as of this time, epoch ms (tests). */ at?: number;
    } = {},
  ): Promise<string> {
    if (!this.keys.signingKey) throw new Error('this part holds no principal signing key');
    const now = Math.floor((context.at ?? Date.now()) / 1000);
    const byDeadline = context.deadline !== undefined ? Math.ceil(context.deadline / 1000) : Infinity;
    const exp = Math.max(now + 1, Math.min(now + this.keys.ttlSeconds, byDeadline));
    return new SignJWT({
      knd: principal.kind,
      tid: principal.tenantId,
      pdg: principalDigest(principal),
      ...(context.requestId !== undefined && { rid: context.requestId }),
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.signingKeyId! })
      .setIssuer(ISSUER)
      .setSubject(String(principalIdOf(principal)))
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(this.keys.signingKey);
  }

  /**
   * Checks `token` for a request on `subject` whose payload carries `principal`: signed with a configured key,
   * not expired, made for the part that owns `subject` or for a part that may send it (a part forwards the
   * assertion it was given on the requests it makes for it), and about exactly this principal.
   */
  async verify(
    token: string | undefined,
    principal: unknown,
    subject: RequestSubject,
    requestId?: string,
  ): Promise<Verified | Refused> {
    if (!token) return { ok: false, reason: 'missing' };
    let payload = this.verified.get(token);
    if (payload && Number(payload.exp) + CLOCK_TOLERANCE_SECONDS < Date.now() / 1000) {
      this.verified.delete(token);
      return { ok: false, reason: 'expired' };
    }
    if (!payload) {
      try {
        ({ payload } = await jwtVerify(token, (header) => this.keyFor(header.kid), {
          algorithms: ['EdDSA'],
          issuer: ISSUER,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'iat', 'aud', 'pdg'],
        }));
      } catch (err) {
        if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
        return { ok: false, reason: 'forged' };
      }
      this.remember(token, payload);
    }
    const audience = payload.aud;
    const receiver = owningService(subject) as Part;
    if (
      typeof audience !== 'string' ||
      !(PARTS as readonly string[]).includes(audience) ||
      (audience !== receiver && !mayCall(audience as Part, subject))
    ) {
      return { ok: false, reason: 'retargeted' };
    }
    const digest = principalDigest(principal);
    if (payload.pdg !== digest) return { ok: false, reason: 'mismatch' };
    // Replayed under another request's id: the assertion belongs to the request it was made for.
    if (payload.rid !== undefined && requestId !== undefined && payload.rid !== requestId) {
      return { ok: false, reason: 'mismatch' };
    }
    return { ok: true, token, digest };
  }

  private remember(token: string, payload: Record<string, unknown>): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      // Maps iterate in insertion order: the first key is the oldest.
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, payload);
  }

  private keyFor(kid: string | undefined): KeyObject {
    const key = kid === undefined ? undefined : this.byKeyId.get(kid);
    // An unknown key is a forgery as far as this part can tell (or a key removed after a rotation).
    if (!key) throw new errors.JWSSignatureVerificationFailed('no verification key with this id');
    return key;
  }
}
