// A learner carries their records (docs/flows.md "A learner carries their records"): building, signing and checking
// the portable archive, with no I/O. The archive is a JWS (RFC 7515, flattened JSON serialization, EdDSA over
// Ed25519) whose payload is the content's JSON; the issuer's public key is at <issuer url>/.well-known/jwks.json.
// The receiver believes nothing in the content before the signature checks out under a key of an issuer it trusts.
import { createPublicKey, type KeyObject } from 'node:crypto';

import {
  BadRequestError,
  ForbiddenError,
  type JwksV1,
  PORTABLE_ARCHIVE_TYPE,
  PortableArchiveContentV1,
  PortableArchiveV1,
  ServiceUnavailableError,
} from '@custos/contracts';
import { ifiHash, ifiOf, indexTermsOf, type Statement } from '@custos/xapi';
import {
  base64url,
  calculateJwkThumbprint,
  errors,
  exportJWK,
  FlattenedSign,
  flattenedVerify,
  type FlattenedVerifyGetKey,
} from 'jose';

export const ALG = 'EdDSA';

/** A portable-archive signing key and its key id (the RFC 7638 thumbprint of its public JWK). */
export interface ArchiveSigningKey {
  privateKey: KeyObject;
  kid: string;
}

export async function archiveSigningKeyOf(privateKey: KeyObject): Promise<ArchiveSigningKey> {
  return { privateKey, kid: await kidOf(createPublicKey(privateKey)) };
}

const kidOf = async (publicKey: KeyObject): Promise<string> =>
  calculateJwkThumbprint(await exportJWK(publicKey));

/** The JWKS (RFC 7517) publishing the public halves of `keys`. */
export async function jwksOf(keys: readonly ArchiveSigningKey[]): Promise<JwksV1> {
  return {
    keys: await Promise.all(
      keys.map(async ({ privateKey, kid }) => {
        const jwk = await exportJWK(createPublicKey(privateKey));
        return {
          kty: 'OKP' as const,
          crv: 'Ed25519' as const,
          x: jwk.x!,
          kid,
          alg: ALG,
          use: 'sig' as const,
        };
      }),
    ),
  };
}

export async function signArchive(
  content: PortableArchiveContentV1,
  key: ArchiveSigningKey,
): Promise<PortableArchiveV1> {
  const signed = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(content)))
    .setProtectedHeader({ alg: ALG, typ: PORTABLE_ARCHIVE_TYPE, kid: key.kid })
    .sign(key.privateKey);
  return { protected: signed.protected!, payload: signed.payload, signature: signed.signature };
}

/** The archive's content without checking anything: for the plain xAPI fallback and tests, never to trust. */
export function unverifiedContentOf(archive: PortableArchiveV1): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(base64url.decode(archive.payload)));
  } catch {
    return undefined;
  }
}

/** Which issuers a receiver believes (CUSTOS_PORTABLE_TRUSTED_ISSUERS, CUSTOS_PORTABLE_ALLOW_LOOPBACK_HTTP). */
export interface IssuerTrust {
  /** Base URLs, without a trailing slash. */
  trusted: readonly string[];
  /** http:// issuers on a loopback address are acceptable (tests, a standalone on one machine). */
  allowLoopbackHttp: boolean;
}

/** A base URL as compared and as its JWKS is found under: no trailing slash, no query or fragment. */
export function normalizeIssuerUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why `url` is not an issuer this receiver believes, or null when it is. */
export function issuerRefusal(url: string, trust: IssuerTrust): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `the archive's issuer "${url}" is not a URL`;
  }
  if (!trust.trusted.includes(normalizeIssuerUrl(url))) {
    return `the archive's issuer "${normalizeIssuerUrl(url)}" is not one this installation trusts (CUSTOS_PORTABLE_TRUSTED_ISSUERS)`;
  }
  const loopbackHttp = u.protocol === 'http:' && LOOPBACK.has(u.hostname);
  if (u.protocol !== 'https:' && !(loopbackHttp && trust.allowLoopbackHttp)) {
    return `the archive's issuer "${url}" is not https (http is accepted only from a loopback address, when CUSTOS_PORTABLE_ALLOW_LOOPBACK_HTTP is set)`;
  }
  return null;
}

/** Finds the key of an issuer: its /.well-known/jwks.json (portable-options.ts), or a fixed set in unit tests. */
export type IssuerKeys = (issuerUrl: string) => FlattenedVerifyGetKey;

/**
 * The content of an archive whose signature checks out under a key its (trusted) issuer publishes; anything else
 * is a 400 saying what is wrong (not an archive, an untrusted issuer, a signature that does not verify: changed
 * after it was signed), or a 503 when the issuer's keys cannot be fetched now.
 */
export async function verifyArchive(
  body: unknown,
  trust: IssuerTrust,
  keysOf: IssuerKeys,
): Promise<PortableArchiveContentV1> {
  const shape = PortableArchiveV1.safeParse(body);
  if (!shape.success) {
    throw new BadRequestError(
      'not a portable archive: expected a JWS in flattened JSON serialization ({ protected, payload, signature }), as GET /api/v1/me/portable gives',
    );
  }
  const archive = shape.data;
  // The issuer is read before the signature is checked only to know whose keys to check it with.
  const claimed = unverifiedContentOf(archive) as { issuer?: { url?: unknown } } | undefined;
  const issuerUrl = claimed?.issuer?.url;
  if (typeof issuerUrl !== 'string') throw new BadRequestError('not a portable archive: it names no issuer');
  const refusal = issuerRefusal(issuerUrl, trust);
  if (refusal) throw new BadRequestError(refusal);
  let payload: Uint8Array;
  try {
    const verified = await flattenedVerify(archive, keysOf(normalizeIssuerUrl(issuerUrl)), {
      algorithms: [ALG],
    });
    if (verified.protectedHeader?.typ !== PORTABLE_ARCHIVE_TYPE) {
      throw new BadRequestError(`not a portable archive: its type is not ${PORTABLE_ARCHIVE_TYPE}`);
    }
    payload = verified.payload;
  } catch (err) {
    throw verificationError(err, issuerUrl);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new BadRequestError('the archive is signed but its content is not JSON');
  }
  const content = PortableArchiveContentV1.safeParse(parsed);
  if (!content.success) {
    throw new BadRequestError(
      'the archive is signed but its content is not a portable archive this installation reads',
      content.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || '(content)',
        message: i.message,
      })),
    );
  }
  if (normalizeIssuerUrl(content.data.issuer.url) !== normalizeIssuerUrl(issuerUrl)) {
    throw new BadRequestError('the archive names two issuers');
  }
  return content.data;
}

function verificationError(err: unknown, issuerUrl: string): Error {
  if (err instanceof BadRequestError) return err;
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return new BadRequestError(
      `the archive's signature does not verify under ${issuerUrl}'s key: it was changed after it was issued, or not issued there`,
    );
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return new BadRequestError(
      `${issuerUrl} publishes no key the archive was signed with (its kid); the issuer may have replaced its key`,
    );
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || isFetchFailure(err)) {
    const unavailable = new ServiceUnavailableError(
      `the issuer's keys (${issuerUrl}/.well-known/jwks.json) could not be fetched`,
    );
    unavailable.retryAfterSeconds = 30;
    return unavailable;
  }
  if (err instanceof errors.JOSEError) {
    return new BadRequestError(`the archive's signature cannot be checked: ${err.message}`);
  }
  return err as Error;
}

const isFetchFailure = (err: unknown): boolean =>
  err instanceof TypeError || (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC');

/** The hashes (as in a principal's `agentIfiHashes`) of an archive subject's identifiers. */
export function subjectHashesOf(agents: readonly Record<string, unknown>[]): string[] {
  const hashes: string[] = [];
  for (const agent of agents) {
    const ifi = ifiOf(agent);
    if (ifi) hashes.push(ifiHash(ifi));
  }
  return hashes;
}

/**
 * The archive's statements this person may bring: those with at least one data subject among their linked
 * identifiers here (`agentIfiHashes`); the rest are refused, each with why. A whole archive about someone else is a
 * 403: its subject shares no identifier with the signed-in person.
 */
export function statementsForPerson(
  content: PortableArchiveContentV1,
  agentIfiHashes: readonly string[],
): { mine: Record<string, unknown>[]; refused: { id: string; reason: string }[] } {
  const own = new Set(agentIfiHashes);
  if (!subjectHashesOf(content.subject.agents).some((h) => own.has(h))) {
    throw new ForbiddenError(
      'the archive is about someone else: none of its subject identifiers is linked to you here (an admin links identifiers to people)',
    );
  }
  const mine: Record<string, unknown>[] = [];
  const refused: { id: string; reason: string }[] = [];
  for (const statement of content.statements) {
    const id = typeof statement.id === 'string' ? statement.id : '(no id)';
    let subjects: string[];
    try {
      subjects = indexTermsOf(statement as unknown as Statement)
        .agents.filter((a) => a.subject)
        .map((a) => a.ifiHash);
    } catch {
      refused.push({ id, reason: 'not a statement' });
      continue;
    }
    if (subjects.some((h) => own.has(h))) mine.push(statement);
    else refused.push({ id, reason: 'none of its data subjects is linked to you here' });
  }
  return { mine, refused };
}
