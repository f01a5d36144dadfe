// docs/audit.md "Verifying the log": the walk names the first broken link, whatever broke it, and checks each
// checkpoint's signature and the record it names; a pruned log verifies from its signed retention start.
import { generateKeyPairSync } from 'node:crypto';

import type { AuditCheckpointV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { type AuditRecordContent, GENESIS_HASH, hashAuditRecord } from './audit-chain.js';
import { checkpointMessage, checkSignature, signCheckpoint, trustedKeysOf } from './audit-checkpoint.js';
import { publicKeyIdOf } from './audit-keys.js';
import { type ChainToVerify, verifyChain } from './audit-verify.js';
import type { StoredAuditRecord } from './audit.repository.js';

const TENANT = 't1';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signingKey: privateKey, publicKey, publicKeyId: publicKeyIdOf(publicKey) };
}
const keys = keyPair();

function chainOf(length: number): StoredAuditRecord[] {
  const records: StoredAuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const content: AuditRecordContent = {
      tenantId: TENANT,
      seq: String(seq),
      at: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
      principalId: 'c1',
      action: 'statements.read',
      query: { limit: seq },
      decision: 'allow',
      count: seq,
      reason: null,
      prevHash,
    };
    const hash = hashAuditRecord(content);
    records.push({ ...content, hash });
    prevHash = hash;
  }
  return records;
}

const checkpointOf = (
  record: StoredAuditRecord,
  kind: AuditCheckpointV1['kind'] = 'periodic',
  signer = keys,
): AuditCheckpointV1 =>
  signCheckpoint(signer, { tenantId: TENANT, seq: record.seq, hash: record.hash, at: record.at, kind });

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

function verify(records: StoredAuditRecord[], options: Partial<ChainToVerify> = {}) {
  const last = records[records.length - 1];
  return verifyChain({
    tenantId: TENANT,
    records: (afterSeq) => from(records.filter((r) => BigInt(r.seq) > afterSeq)),
    checkpoints: from([]),
    retentionStart: null,
    head: last ? { seq: BigInt(last.seq), hash: last.hash } : null,
    trusted: trustedKeysOf([keys.publicKey]),
    ...options,
  });
}

describe('checkpoint signatures', () => {
  it('cover the tenant, record, hash, time and kind', () => {
    const [record] = chainOf(1);
    const checkpoint = checkpointOf(record!);
    const trusted = trustedKeysOf([keys.publicKey]);
    expect(checkSignature(trusted, checkpoint)).toBe('valid');
    for (const changed of [
      { tenantId: 't2' },
      { seq: '2' },
      { hash: 'f'.repeat(64) },
      { at: '2030-01-01T00:00:00.000Z' },
      { kind: 'retention-start' as const },
    ]) {
      expect(checkSignature(trusted, { ...checkpoint, ...changed })).toBe('bad-signature');
    }
  });

  it('sign the canonical JSON of the claim, which anyone can rebuild', () => {
    const claim = {
      tenantId: 't',
      seq: '7',
      hash: 'a'.repeat(64),
      at: '2026-01-01T00:00:00.000Z',
      kind: 'periodic',
    };
    expect(checkpointMessage(claim as AuditCheckpointV1).toString()).toBe(
      `{"at":"2026-01-01T00:00:00.000Z","hash":"${'a'.repeat(64)}","kind":"periodic","seq":"7","tenantId":"t"}`,
    );
  });

  it('are not trusted under another key, nor when not a signature at all', () => {
    const [record] = chainOf(1);
    const trusted = trustedKeysOf([keys.publicKey]);
    expect(checkSignature(trusted, checkpointOf(record!, 'periodic', keyPair()))).toBe('unknown-key');
    expect(checkSignature(trusted, { ...checkpointOf(record!), signature: 'bm90IGEgc2lnbmF0dXJl' })).toBe(
      'bad-signature',
    );
  });
});

describe('verifying a chain', () => {
  it('accepts a whole chain and its checkpoints', async () => {
    const records = chainOf(5);
    const result = await verify(records, {
      checkpoints: from([checkpointOf(records[1]!), checkpointOf(records[4]!)]),
    });
    expect(result).toMatchObject({
      ok: true,
      checked: 5,
      startSeq: '1',
      headSeq: '5',
      headHash: records[4]!.hash,
      signatures: 'checked',
      checkpoints: { total: 2, valid: 2, problems: [], latestValid: { seq: '5' } },
    });
  });

  it('accepts an empty log', async () => {
    expect(await verify([])).toMatchObject({ ok: true, checked: 0 });
  });

  it('names an edited record', async () => {
    const records = chainOf(5);
    records[2] = { ...records[2]!, count: 99 };
    expect(await verify(records)).toMatchObject({
      ok: false,
      checked: 2,
      firstBroken: { seq: '3', reason: expect.stringMatching(/content does not match its hash/) },
    });
  });

  it('names a record removed from the middle', async () => {
    const records = chainOf(5);
    records.splice(2, 1);
    expect(await verify(records)).toMatchObject({
      ok: false,
      firstBroken: { seq: '3', reason: 'record 3 is missing (the next record is 4)' },
    });
  });

  it('names the last record when it was removed', async () => {
    const records = chainOf(5);
    const head = { seq: 5n, hash: records[4]!.hash };
    expect(await verify(records.slice(0, 4), { head })).toMatchObject({
      ok: false,
      firstBroken: { seq: '5', reason: expect.stringMatching(/record 5 is missing/) },
    });
  });

  it('names the record after which a chain was rewritten, at the checkpoint that contradicts it', async () => {
    const records = chainOf(6);
    const checkpoint = checkpointOf(records[3]!);
    // Record 3 changed and every hash from it on recomputed: the links hold, the checkpoint of record 4 does not.
    const rewritten = chainOf(6);
    let prev = rewritten[1]!.hash;
    for (let i = 2; i < rewritten.length; i += 1) {
      const { hash: _old, ...content } = rewritten[i]!;
      const forged = { ...content, count: i === 2 ? 99 : content.count, prevHash: prev };
      rewritten[i] = { ...forged, hash: hashAuditRecord(forged) };
      prev = rewritten[i]!.hash;
    }
    const result = await verify(rewritten, { checkpoints: from([checkpoint]) });
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq: '4', reason: expect.stringMatching(/differs from its checkpoint/) },
      checkpoints: { valid: 0, problems: [{ seq: '4', problem: 'hash-mismatch' }] },
    });
  });

  it('names a checkpoint whose hash was rewritten, or whose signature was forged', async () => {
    const records = chainOf(4);
    const altered = { ...checkpointOf(records[1]!), hash: records[2]!.hash };
    const forged = { ...checkpointOf(records[2]!), signature: checkpointOf(records[3]!).signature };
    const result = await verify(records, { checkpoints: from([altered, forged]) });
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq: '2', reason: expect.stringMatching(/signature does not verify/) },
      checkpoints: {
        total: 2,
        valid: 0,
        problems: [
          { seq: '2', problem: 'bad-signature' },
          { seq: '3', problem: 'bad-signature' },
        ],
      },
    });
  });

  it('reports a checkpoint signed by a key it does not trust, and sets it aside', async () => {
    const records = chainOf(3);
    const result = await verify(records, {
      checkpoints: from([checkpointOf(records[1]!, 'periodic', keyPair())]),
    });
    expect(result).toMatchObject({
      ok: true,
      checkpoints: { total: 1, valid: 0, problems: [{ seq: '2', problem: 'unknown-key' }] },
    });
  });

  it('compares checkpoints with the chain but says so when it has no key to check signatures with', async () => {
    const records = chainOf(3);
    const result = await verify(records, { trusted: null, checkpoints: from([checkpointOf(records[1]!)]) });
    expect(result).toMatchObject({ ok: true, signatures: 'not-checked', checkpoints: { valid: 1 } });
  });

  it('names the first missing record when a kept checkpoint shows the chain was longer', async () => {
    const records = chainOf(6);
    const kept = [checkpointOf(records[5]!)];
    // The last two records removed and the head moved back with them: only the kept checkpoint knows.
    const cut = records.slice(0, 4);
    const head = { seq: 4n, hash: records[3]!.hash };
    expect(await verify(cut, { head, kept })).toMatchObject({
      ok: false,
      firstBroken: {
        seq: '5',
        reason: expect.stringMatching(/record 5 is missing: the checkpoint of record 6/),
      },
      kept: { total: 1, valid: 0, problems: [{ seq: '6', problem: 'missing-record' }] },
    });
  });

  it('verifies a pruned chain from its signed retention start', async () => {
    const records = chainOf(6);
    const start = checkpointOf(records[2]!, 'retention-start');
    const result = await verify(records.slice(3), {
      retentionStart: start,
      checkpoints: from([start, checkpointOf(records[4]!)]),
      kept: [checkpointOf(records[0]!)],
    });
    expect(result).toMatchObject({
      ok: true,
      checked: 3,
      startSeq: '4',
      retentionStart: { seq: '3', hash: records[2]!.hash },
      checkpoints: { total: 2, valid: 2 },
      kept: { total: 1, beforeStart: 1, valid: 0, problems: [] },
    });
  });

  it('refuses a retention start that is not validly signed: records before it may have been removed', async () => {
    const records = chainOf(6);
    // A periodic checkpoint relabelled as a retention start, to hide records 1 to 3.
    const relabelled: AuditCheckpointV1 = { ...checkpointOf(records[2]!), kind: 'retention-start' };
    expect(await verify(records.slice(3), { retentionStart: relabelled })).toMatchObject({
      ok: false,
      firstBroken: {
        seq: '3',
        reason: expect.stringMatching(/retention-start checkpoint of record 3 is not validly/),
      },
    });
  });

  it('names a record removed just after the retention start', async () => {
    const records = chainOf(6);
    const start = checkpointOf(records[2]!, 'retention-start');
    expect(await verify(records.slice(4), { retentionStart: start })).toMatchObject({
      ok: false,
      firstBroken: { seq: '4', reason: 'record 4 is missing (the next record is 5)' },
    });
  });

  it('verifies only up to a record when asked (before pruning), whatever follows', async () => {
    const records = chainOf(5);
    records[4] = { ...records[4]!, count: 99 };
    expect(await verify(records, { through: 3n })).toMatchObject({ ok: true, checked: 3 });
  });
});
