import { generateKeyPairSync, sign } from 'node:crypto';

import { canonicalJson, type ErasureCompletionRecordV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { completionSignatureValid } from './erasure-files.js';

const record: ErasureCompletionRecordV1 = {
  type: 'custos.erasure.v1.completion',
  erasureId: '0b7c1e52-5d0c-4c52-9a36-3b2f1fb0b0a1',
  tenantId: 't1',
  personId: '6f1c2a4e-58a2-4f3b-9f2c-1a0d6b1f9e11',
  requestedBy: 'self',
  requestedAt: '2026-12-01T10:00:00.000Z',
  approvedBy: 'grace-period',
  completedAt: '2026-12-08T10:00:00.000Z',
  placeholder: { homePage: 'https://erased.custos.invalid/', name: '3c9f0a4e-58a2-4f3b-9f2c-1a0d6b1f9e11' },
  removed: {
    statementsDeleted: 3,
    stateDocumentsDeleted: 1,
    agentProfileDocumentsDeleted: 0,
    attachmentsDeleted: 0,
    person: 1,
    agentLinks: 2,
    roles: 1,
    groupMemberships: 0,
    grants: 1,
    objections: 0,
    receipts: 1,
    signInRecords: 0,
  },
  pseudonymised: { statements: 2 },
  retained: [],
};

describe('completionSignatureValid', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signed = {
    record,
    algorithm: 'Ed25519' as const,
    publicKeyId: 'k',
    signature: sign(null, Buffer.from(canonicalJson(record)), privateKey).toString('base64'),
  };

  it('accepts the record as signed', () => {
    expect(completionSignatureValid(signed, publicKey)).toBe(true);
  });

  it('refuses a changed count, another key and a malformed signature', () => {
    const changed = { ...signed, record: { ...record, pseudonymised: { statements: 0 } } };
    expect(completionSignatureValid(changed, publicKey)).toBe(false);
    expect(completionSignatureValid(signed, generateKeyPairSync('ed25519').publicKey)).toBe(false);
    expect(completionSignatureValid({ ...signed, signature: 'AAAA' }, publicKey)).toBe(false);
  });
});
