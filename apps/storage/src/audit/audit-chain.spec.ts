import { describe, expect, it } from 'vitest';

import {
  type AuditRecordContent,
  canonicalJson,
  checkLink,
  GENESIS_HASH,
  hashAuditRecord,
} from './audit-chain.js';

const record = (seq: number, prevHash: string): AuditRecordContent & { hash: string } => {
  const content: AuditRecordContent = {
    tenantId: 't1',
    seq: String(seq),
    at: '2026-01-01T00:00:00.000Z',
    principalId: 'c1',
    action: 'statements.read',
    query: { verb: 'http://example.com/v', limit: 10 },
    decision: 'allow',
    count: 3,
    reason: null,
    prevHash,
  };
  return { ...content, hash: hashAuditRecord(content) };
};

describe('audit chain', () => {
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });

  it('accepts a well-formed chain', () => {
    const first = record(1, GENESIS_HASH);
    const second = record(2, first.hash);
    expect(checkLink(first, 1n, GENESIS_HASH)).toBeNull();
    expect(checkLink(second, 2n, first.hash)).toBeNull();
  });

  it('detects an edited record', () => {
    const first = record(1, GENESIS_HASH);
    expect(checkLink({ ...first, count: 4 }, 1n, GENESIS_HASH)).toMatch(/content/);
  });

  it('detects a deleted record by the gap in sequence numbers', () => {
    const first = record(1, GENESIS_HASH);
    const third = record(3, record(2, first.hash).hash);
    expect(checkLink(third, 2n, first.hash)).toMatch(/expected record 2/);
  });

  it('detects a record whose link points elsewhere', () => {
    const first = record(1, GENESIS_HASH);
    expect(checkLink(record(2, GENESIS_HASH), 2n, first.hash)).toMatch(/previous-hash/);
  });
});
