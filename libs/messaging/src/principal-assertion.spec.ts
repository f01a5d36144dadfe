// Signed principals (ADR 0006): what a part accepts and what it refuses, and why.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

import type { PrincipalV1 } from '@custos/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { PrincipalAssertions, type PrincipalKeys } from './principal-assertion.js';

const pair = () => generateKeyPairSync('ed25519');
const signer = (signingKey: KeyObject, ttlSeconds = 60) =>
  new PrincipalAssertions({ signingKey, verifyKeys: [], ttlSeconds });
const verifier = (...verifyKeys: KeyObject[]) => new PrincipalAssertions({ verifyKeys, ttlSeconds: 60 });

const principal: PrincipalV1 = {
  kind: 'credential',
  tenantId: 'tenant-a',
  credentialId: '7b0c2f5e-3a52-4f6e-9d7e-3f7c1d2b9a10',
  key: 'reader',
  scopes: ['statements/read'],
  authority: { objectType: 'Agent', account: { homePage: 'https://lrs.example', name: 'reader' } },
};

describe('principal assertions', () => {
  const current = pair();

  it('accepts an assertion made for the receiving part, for exactly its principal', async () => {
    const token = await signer(current.privateKey).sign(principal, 'query', { requestId: 'r1' });
    const result = await verifier(current.publicKey).verify(
      token,
      principal,
      'query.v1.statements.find',
      'r1',
    );
    expect(result).toMatchObject({ ok: true, token });
  });

  it('refuses a request with no assertion', async () => {
    expect(
      await verifier(current.publicKey).verify(undefined, principal, 'query.v1.statements.find'),
    ).toEqual({
      ok: false,
      reason: 'missing',
    });
  });

  it('refuses an assertion signed with another key, or not a JWS at all', async () => {
    const token = await signer(pair().privateKey).sign(principal, 'query');
    const v = verifier(current.publicKey);
    expect(await v.verify(token, principal, 'query.v1.statements.find')).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(await v.verify('not.a.jws', principal, 'query.v1.statements.find')).toMatchObject({
      reason: 'forged',
    });
    // The header names the trusted key, but the signature is not its.
    const [, body] = token.split('.');
    const good = await signer(current.privateKey).sign({ ...principal, scopes: ['all'] }, 'query');
    const [head, , sig] = good.split('.');
    expect(await v.verify(`${head}.${body}.${sig}`, principal, 'query.v1.statements.find')).toMatchObject({
      reason: 'forged',
    });
  });

  it('refuses an expired assertion (past the clock tolerance)', async () => {
    const token = await signer(current.privateKey).sign(principal, 'query', { at: Date.now() - 70_000 });
    expect(await verifier(current.publicKey).verify(token, principal, 'query.v1.statements.find')).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('never makes an assertion outlive the request it is for', async () => {
    const token = await signer(current.privateKey, 60).sign(principal, 'query', {
      deadline: Date.now() + 3_000,
    });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      number
    >;
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(4);
  });

  it('accepts an assertion forwarded by a part that may call the receiver, and refuses a re-targeted one', async () => {
    const forQuery = await signer(current.privateKey).sign(principal, 'query');
    const forIngest = await signer(current.privateKey).sign(principal, 'ingest');
    const forConsent = await signer(current.privateKey).sign(principal, 'consent');
    const v = verifier(current.publicKey);
    // query asks consent and storage for the request it handles.
    expect(await v.verify(forQuery, principal, 'consent.v1.ability.get')).toMatchObject({ ok: true });
    // ingest does not call query, and consent calls no one.
    expect(await v.verify(forIngest, principal, 'query.v1.statements.find')).toEqual({
      ok: false,
      reason: 'retargeted',
    });
    expect(await v.verify(forConsent, principal, 'query.v1.statements.find')).toMatchObject({
      reason: 'retargeted',
    });
    // query may not ask consent to authenticate anyone: only the gateway may.
    expect(await v.verify(forQuery, principal, 'consent.v1.people.me')).toMatchObject({
      reason: 'retargeted',
    });
  });

  it('refuses an assertion whose principal was changed after signing', async () => {
    const token = await signer(current.privateKey).sign(principal, 'query');
    const widened = { ...principal, scopes: ['all'] };
    expect(await verifier(current.publicKey).verify(token, widened, 'query.v1.statements.find')).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const otherTenant = { ...principal, tenantId: 'tenant-b' };
    expect(
      await verifier(current.publicKey).verify(token, otherTenant, 'query.v1.statements.find'),
    ).toMatchObject({ reason: 'mismatch' });
  });

  it('refuses an assertion replayed under another request id', async () => {
    const token = await signer(current.privateKey).sign(principal, 'query', { requestId: 'r1' });
    expect(
      await verifier(current.publicKey).verify(token, principal, 'query.v1.statements.find', 'r2'),
    ).toMatchObject({ reason: 'mismatch' });
  });

  it('accepts old and new keys during a rotation, and refuses the old one once it is removed', async () => {
    const next = pair();
    const byOld = await signer(current.privateKey).sign(principal, 'query');
    const byNew = await signer(next.privateKey).sign(principal, 'query');
    const during = verifier(current.publicKey, next.publicKey);
    expect(await during.verify(byOld, principal, 'query.v1.statements.find')).toMatchObject({ ok: true });
    expect(await during.verify(byNew, principal, 'query.v1.statements.find')).toMatchObject({ ok: true });
    const after = verifier(next.publicKey);
    expect(await after.verify(byNew, principal, 'query.v1.statements.find')).toMatchObject({ ok: true });
    expect(await after.verify(byOld, principal, 'query.v1.statements.find')).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  describe('once a signature was checked', () => {
    afterEach(() => vi.useRealTimers());

    it('still refuses the same token once it expired, and for another principal, subject or request', async () => {
      const token = await signer(current.privateKey, 2).sign(principal, 'query', { requestId: 'r1' });
      const parts = verifier(current.publicKey);
      const find = 'query.v1.statements.find' as const;
      expect(await parts.verify(token, principal, find, 'r1')).toMatchObject({ ok: true });
      // The second use finds the signature checked; everything else is checked again.
      expect(await parts.verify(token, { ...principal, scopes: ['all'] }, find, 'r1')).toEqual({
        ok: false,
        reason: 'mismatch',
      });
      expect(await parts.verify(token, principal, find, 'r2')).toEqual({ ok: false, reason: 'mismatch' });
      expect(await parts.verify(token, principal, 'ingest.v1.statements.ingest', 'r1')).toEqual({
        ok: false,
        reason: 'retargeted',
      });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 10_000);
      expect(await parts.verify(token, principal, find, 'r1')).toEqual({ ok: false, reason: 'expired' });
    });
  });

  it('cannot sign without a signing key', async () => {
    const keys: PrincipalKeys = { verifyKeys: [current.publicKey], ttlSeconds: 60 };
    await expect(new PrincipalAssertions(keys).sign(principal, 'query')).rejects.toThrow(
      /no principal signing key/,
    );
  });
});
