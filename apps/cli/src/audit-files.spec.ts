// docs/audit.md "Verifying the log", step 4: the files an auditor kept are read back as they were saved.
import { describe, expect, it } from 'vitest';

import { checkpointsOf, publicKeyPemOf, verdictOf } from './audit-files.js';

const checkpoint = (tenantId: string, seq: string) => ({
  tenantId,
  seq,
  hash: 'a'.repeat(64),
  at: '2026-01-01T00:00:00.000Z',
  kind: 'periodic',
  publicKeyId: '0123456789abcdef',
  signature: 'c2ln',
});

describe('kept checkpoints', () => {
  it.each([
    ['one checkpoint (POST /api/v1/audit/checkpoints)', JSON.stringify(checkpoint('t', '1'))],
    [
      'a page of GET /api/v1/audit/checkpoints',
      JSON.stringify({ checkpoints: [checkpoint('t', '1')], next: null }),
    ],
    ['an array', JSON.stringify([checkpoint('t', '1')])],
  ])('are read from %s', (_what, text) => {
    expect(checkpointsOf(text, 'kept.json', 't')).toEqual([checkpoint('t', '1')]);
  });

  it('are read from answers appended one per line, keeping only the tenant verified', () => {
    const text = [
      JSON.stringify(checkpoint('t', '1')),
      JSON.stringify({ checkpoints: [checkpoint('t', '3'), checkpoint('other', '2')], next: null }),
      '',
    ].join('\n');
    expect(checkpointsOf(text, 'kept.ndjson', 't').map((c) => c.seq)).toEqual(['1', '3']);
  });

  it('name the file and the entry that is not a checkpoint', () => {
    expect(() => checkpointsOf(JSON.stringify([{ seq: 'x' }]), 'kept.json', 't')).toThrow(
      /kept.json: checkpoint #1/,
    );
    expect(() => checkpointsOf('{"a":1}\nnot json', 'kept.ndjson', 't')).toThrow(
      /kept.ndjson line 2 is not JSON/,
    );
  });
});

describe('a kept public key', () => {
  it('is a PEM, or the answer of GET /api/v1/audit/public-key', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';
    expect(publicKeyPemOf(`${pem}\n`, 'key.pem')).toBe(pem);
    expect(
      publicKeyPemOf(JSON.stringify({ algorithm: 'Ed25519', publicKeyId: 'x', publicKeyPem: pem }), 'k'),
    ).toBe(pem);
    expect(() => publicKeyPemOf('{"publicKeyId":"x"}', 'key.json')).toThrow(/key.json has no publicKeyPem/);
  });
});

describe('the verdict line', () => {
  it('names the first broken record', () => {
    expect(
      verdictOf('t', {
        ok: false,
        checked: 2,
        firstBroken: { seq: '3', reason: 'record 3: content changed' },
      }),
    ).toBe('audit log of t: BROKEN at record 3: record 3: content changed.');
  });

  it('says when signatures were not checked', () => {
    expect(
      verdictOf('t', {
        ok: true,
        checked: 4,
        startSeq: '1',
        signatures: 'not-checked',
        checkpoints: { total: 1, valid: 1, beforeStart: 0, unchecked: 0, problems: [] },
      }),
    ).toMatch(
      /^audit log of t: OK, 4 records verified \(from record 1\), 1 of 1 checkpoints valid\. .*NOT checked/,
    );
  });
});
