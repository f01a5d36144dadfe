import type { AppendAuditV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { checkLink, digestOfIds, GENESIS_HASH, hashAuditRecord, MAX_RECORDED_IDS } from './audit-chain.js';
import { auditKeysFrom, generateAuditKeySettings, learnerKeyOf } from './audit-keys.js';
import { auditRecordOf, pseudonymisedQuery } from './audit-record.js';

const keys = auditKeysFrom(generateAuditKeySettings());
const place = { seq: '7', at: '2026-01-01T00:00:00.000Z', prevHash: GENESIS_HASH.replace(/^0/, 'a') };
const keyOf = (ifiHash: string) => learnerKeyOf(keys, 't1', ifiHash);

const entry = (more: Partial<AppendAuditV1> = {}): AppendAuditV1 => ({
  tenantId: 't1',
  audit: {
    principalId: 'c1',
    action: 'statements.read',
    query: { limit: 10 },
    principalKind: 'credential',
    resource: 'statements',
  },
  decision: 'allow',
  count: 2,
  returnedIds: ['b', 'a'],
  basis: [{ kind: 'scope', scope: 'statements/read' }],
  learnerIfiHashes: ['h2', 'h1', 'h2'],
  ...more,
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${String(i).padStart(4, '0')}`);

describe('auditRecordOf', () => {
  it('keeps up to MAX_RECORDED_IDS returned ids and always their digest', () => {
    const few = auditRecordOf(entry({ returnedIds: ids(MAX_RECORDED_IDS) }), place, keyOf, undefined);
    expect(few.returnedIds).toEqual(ids(MAX_RECORDED_IDS));
    expect(few.returnedDigest).toBe(digestOfIds(ids(MAX_RECORDED_IDS)));

    const many = auditRecordOf(entry({ returnedIds: ids(MAX_RECORDED_IDS + 1) }), place, keyOf, undefined);
    expect(many.returnedIds).toBeUndefined();
    expect(many.returnedDigest).toBe(digestOfIds(ids(MAX_RECORDED_IDS + 1)));
  });

  it('gives the same digest whatever order the ids came in', () => {
    const a = auditRecordOf(entry({ returnedIds: ['x', 'y', 'z'] }), place, keyOf, undefined);
    const b = auditRecordOf(entry({ returnedIds: ['z', 'x', 'y'] }), place, keyOf, undefined);
    expect(a.returnedDigest).toBe(b.returnedDigest);
  });

  it('records an empty result as no ids, and no ids at all when none were given (a denial)', () => {
    const empty = auditRecordOf(entry({ returnedIds: [], count: 0 }), place, keyOf, undefined);
    expect(empty.returnedIds).toEqual([]);
    expect(empty.returnedDigest).toBe(digestOfIds([]));
    const { returnedIds: _ids, basis: _basis, ...denial } = entry({ decision: 'deny', count: 0 });
    const denied = auditRecordOf({ ...denial, reason: 'no rule' }, place, keyOf, undefined);
    expect(denied).not.toHaveProperty('returnedIds');
    expect(denied).not.toHaveProperty('returnedDigest');
    expect(denied).not.toHaveProperty('basis');
    expect(denied.reason).toBe('no rule');
  });

  it('records learners only by pseudonymous key, deduplicated and sorted', () => {
    const record = auditRecordOf(entry(), place, keyOf, undefined);
    expect(record.learnerKeys).toEqual([keyOf('h1'), keyOf('h2')].sort());
    expect(JSON.stringify(record)).not.toMatch(/"h1"|"h2"/);
  });

  it('adds the learners storage found to those the request named, and keeps a basis only when allowed', () => {
    const audit = { ...entry().audit, learnerIfiHashes: ['h3', 'h1'], basis: [{ kind: 'self' }] };
    const found = auditRecordOf(entry({ audit, basis: undefined }), place, keyOf, undefined);
    expect(found.learnerKeys).toEqual([keyOf('h1'), keyOf('h2'), keyOf('h3')].sort());
    expect(found.basis).toEqual([{ kind: 'self' }]);
    expect(auditRecordOf(entry({ audit }), place, keyOf, undefined).basis).toEqual(entry().basis);
    const denied = auditRecordOf(entry({ audit, decision: 'deny', count: 0 }), place, keyOf, undefined);
    expect(denied).not.toHaveProperty('basis');
  });

  it("takes the caller's request id, else the one of the request being handled", () => {
    expect(auditRecordOf(entry(), place, keyOf, 'ctx').requestId).toBe('ctx');
    const named = entry({ audit: { ...entry().audit, requestId: 'named' } });
    expect(auditRecordOf(named, place, keyOf, 'ctx').requestId).toBe('named');
    expect(auditRecordOf(entry(), place, keyOf, undefined)).not.toHaveProperty('requestId');
  });

  it('copies principal kind, resource, basis and event id', () => {
    const record = auditRecordOf(entry({ eventId: 'e1' }), place, keyOf, undefined);
    expect(record).toMatchObject({
      seq: '7',
      principalKind: 'credential',
      resource: 'statements',
      basis: [{ kind: 'scope', scope: 'statements/read' }],
      eventId: 'e1',
    });
  });

  it('a record with the new fields verifies, and changing any of them breaks its hash', () => {
    const content = auditRecordOf(entry({ eventId: 'e1' }), place, keyOf, 'r1');
    const stored = { ...content, hash: hashAuditRecord(content) };
    expect(checkLink(stored, 7n, place.prevHash)).toBeNull();
    const edits: Partial<typeof stored>[] = [
      { requestId: 'r2' },
      { principalKind: 'person' },
      { resource: 'statement' },
      { returnedIds: ['a'] },
      { returnedDigest: digestOfIds(['a']) },
      { basis: [] },
      { learnerKeys: [keyOf('h1')] },
      { eventId: 'e2' },
    ];
    for (const edit of edits) {
      expect(checkLink({ ...stored, ...edit }, 7n, place.prevHash)).toMatch(/content/);
    }
  });

  it('leaves absent fields out of the canonical form, so records written before them keep their hash', () => {
    const { returnedIds: _i, basis: _b, learnerIfiHashes: _l, ...old } = entry();
    const record = auditRecordOf(
      { ...old, audit: { principalId: 'c1', action: 'a', query: {} } },
      place,
      keyOf,
      undefined,
    );
    expect(hashAuditRecord(record)).toBe(
      hashAuditRecord({
        tenantId: 't1',
        ...place,
        principalId: 'c1',
        action: 'a',
        query: {},
        decision: 'allow',
        count: 2,
        reason: null,
      }),
    );
  });
});

describe('pseudonymisedQuery', () => {
  const key = (h: string) => `key(${h})`;

  it('replaces every learner identifier hash and hashed username with its keyed pseudonym', () => {
    expect(
      pseudonymisedQuery(
        { agentIfiHash: 'a', learnerIfiHash: 'b', agentIfiHashes: ['c', 'd'], usernameHash: 'e', verb: 'v' },
        key,
      ),
    ).toEqual({
      agentKey: 'key(a)',
      learnerKey: 'key(b)',
      agentKeys: ['key(c)', 'key(d)'],
      usernameKey: 'key(e)',
      verb: 'v',
    });
  });

  it('leaves other fields alone, including other hashes', () => {
    expect(pseudonymisedQuery({ batchId: 'x', contentHash: 'y', limit: 10 }, key)).toEqual({
      batchId: 'x',
      contentHash: 'y',
      limit: 10,
    });
  });
});

describe('learnerKeyOf', () => {
  it('is HMAC-SHA256 of "tenant:ifiHash" under the pseudonym key (a fixed vector an auditor can recompute)', () => {
    const fixed = auditKeysFrom({ ...generateAuditKeySettings(), pseudonymKey: '01'.repeat(32) });
    expect(learnerKeyOf(fixed, 'tenant-a', 'abc')).toBe(
      'a92de81f1a1d7ae6f6e5c5edfbcd7df2afce4cf9279c71c45a10de5ff4529149',
    );
  });
});
