import { generateKeyPairSync } from 'node:crypto';

import {
  BadRequestError,
  ForbiddenError,
  type PortableArchiveContentV1,
  ServiceUnavailableError,
} from '@custos/contracts';
import { ifiHash } from '@custos/xapi';
import { base64url, createLocalJWKSet, FlattenedSign } from 'jose';
import { describe, expect, it } from 'vitest';

import {
  archiveSigningKeyOf,
  type IssuerKeys,
  issuerRefusal,
  jwksOf,
  signArchive,
  statementsForPerson,
  unverifiedContentOf,
  verifyArchive,
} from './archive.js';

const ISSUER = 'https://school.example.org';
const trust = { trusted: [ISSUER], allowLoopbackHttp: false };
const ana = { mbox: 'mailto:ana@example.org' };
const bob = { mbox: 'mailto:bob@example.org' };
const statement = (actor: Record<string, unknown>, id: string) => ({
  id,
  actor,
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: { id: 'https://example.org/unit-3' },
  stored: '2026-12-01T10:00:00.000Z',
  timestamp: '2026-12-01T10:00:00.000Z',
  authority: { account: { homePage: ISSUER, name: 'lms' }, objectType: 'Agent' },
  version: '1.0.3',
});

function content(over: Partial<PortableArchiveContentV1> = {}): PortableArchiveContentV1 {
  return {
    format: 'custos-portable-records/1',
    issuer: { url: ISSUER, tenant: 'default' },
    subject: { personId: '11111111-1111-4111-8111-111111111111', agents: [ana] },
    issuedAt: '2026-12-07T12:00:00.000Z',
    statements: [
      statement(ana, '22222222-2222-4222-8222-222222222222'),
      statement({ objectType: 'Group', member: [ana, bob] }, '33333333-3333-4333-8333-333333333333'),
      statement(bob, '44444444-4444-4444-8444-444444444444'),
    ],
    receipts: [],
    ...over,
  };
}

async function issuer() {
  const key = await archiveSigningKeyOf(generateKeyPairSync('ed25519').privateKey);
  const jwks = createLocalJWKSet(await jwksOf([key]));
  const keysOf: IssuerKeys = (url) => {
    if (url !== ISSUER) throw new Error(`asked for ${url}'s keys`);
    return jwks;
  };
  return { key, keysOf };
}

describe('portable archive', () => {
  it('verifies what it signed and gives the content back', async () => {
    const { key, keysOf } = await issuer();
    const archive = await signArchive(content(), key);
    expect(JSON.parse(Buffer.from(archive.protected, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      typ: 'custos-portable+json',
      kid: key.kid,
    });
    await expect(verifyArchive(archive, trust, keysOf)).resolves.toEqual(content());
    // The plain xAPI fallback reads the statements without checking anything.
    expect((unverifiedContentOf(archive) as PortableArchiveContentV1).statements).toHaveLength(3);
  });

  it('publishes the key as an Ed25519 JWK with its thumbprint as kid', async () => {
    const { key } = await issuer();
    const { keys } = await jwksOf([key]);
    expect(keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: key.kid, alg: 'EdDSA', use: 'sig' },
    ]);
  });

  it('refuses an archive changed after it was signed', async () => {
    const { key, keysOf } = await issuer();
    const archive = await signArchive(content(), key);
    const changed = JSON.stringify(content()).replace('unit-3', 'unit-4');
    const tampered = { ...archive, payload: base64url.encode(changed) };
    const err = await verifyArchive(tampered, trust, keysOf).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as Error).message).toMatch(/signature does not verify.*changed after it was issued/);
  });

  it("refuses an archive signed with a key that is not the issuer's", async () => {
    const { keysOf } = await issuer();
    const other = await archiveSigningKeyOf(generateKeyPairSync('ed25519').privateKey);
    const err = await verifyArchive(await signArchive(content(), other), trust, keysOf).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as Error).message).toMatch(/publishes no key the archive was signed with/);
    // Another key presented under the issuer's kid: the signature itself fails.
    const { key, keysOf: realKeys } = await issuer();
    const forged = await signArchive(content(), { privateKey: other.privateKey, kid: key.kid });
    await expect(verifyArchive(forged, trust, realKeys)).rejects.toThrow(/signature does not verify/);
  });

  it('refuses issuers it does not trust, and plain http except from loopback when allowed', async () => {
    const { key, keysOf } = await issuer();
    const elsewhere = await signArchive(
      content({ issuer: { url: 'https://other.example.org', tenant: 'x' } }),
      key,
    );
    await expect(verifyArchive(elsewhere, trust, keysOf)).rejects.toThrow(/not one this installation trusts/);
    expect(
      issuerRefusal('http://school.example.org', {
        trusted: ['http://school.example.org'],
        allowLoopbackHttp: true,
      }),
    ).toMatch(/not https/);
    const local = { trusted: ['http://127.0.0.1:8080'], allowLoopbackHttp: true };
    expect(issuerRefusal('http://127.0.0.1:8080/', local)).toBeNull();
    expect(issuerRefusal('http://127.0.0.1:8080', { ...local, allowLoopbackHttp: false })).toMatch(
      /not https/,
    );
  });

  it('refuses what is not an archive', async () => {
    const { keysOf } = await issuer();
    await expect(verifyArchive({ statements: [] }, trust, keysOf)).rejects.toThrow(/not a portable archive/);
    await expect(
      verifyArchive({ protected: 'e30', payload: base64url.encode('{}'), signature: 'AA' }, trust, keysOf),
    ).rejects.toThrow(/names no issuer/);
  });

  it('refuses signed content that is not an archive', async () => {
    const { key, keysOf } = await issuer();
    const sign = (text: string) =>
      new FlattenedSign(new TextEncoder().encode(text))
        .setProtectedHeader({ alg: 'EdDSA', typ: 'custos-portable+json', kid: key.kid })
        .sign(key.privateKey);
    // Signed by the trusted issuer, but the issuer is read from content that is JSON: not JSON, no issuer.
    await expect(verifyArchive(await sign('not json'), trust, keysOf)).rejects.toThrow(/names no issuer/);
    const odd = await sign(
      JSON.stringify({ issuer: { url: ISSUER, tenant: 'default' }, statements: 'none' }),
    );
    await expect(verifyArchive(odd, trust, keysOf)).rejects.toThrow(/content is not a portable archive/);
  });

  it('answers 503 when the issuer cannot be reached', async () => {
    const { key } = await issuer();
    const unreachable: IssuerKeys = () => () => Promise.reject(new TypeError('fetch failed'));
    const err = await verifyArchive(await signArchive(content(), key), trust, unreachable).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ServiceUnavailableError);
  });

  it("keeps the statements of which the person is a data subject, and refuses someone else's archive", () => {
    const { mine, refused } = statementsForPerson(content(), [ifiHash('mbox:mailto:ana@example.org')]);
    expect(mine.map((s) => s.id)).toEqual([
      '22222222-2222-4222-8222-222222222222',
      '33333333-3333-4333-8333-333333333333',
    ]);
    expect(refused).toEqual([
      {
        id: '44444444-4444-4444-8444-444444444444',
        reason: 'none of its data subjects is linked to you here',
      },
    ]);
    expect(() => statementsForPerson(content(), [ifiHash('mbox:mailto:carla@example.org')])).toThrow(
      ForbiddenError,
    );
  });
});
