import { describe, expect, it } from 'vitest';

import { asForwarded, signWebhook, verifyWebhook, voidingIdOf, voidingStatements } from './delivery.js';

describe('webhook signature', () => {
  const body = JSON.stringify({ type: 'statements.forwarded', statements: [] });

  it('verifies a body signed with the same secret within the tolerance', () => {
    const header = signWebhook('a-shared-secret-123', body, 1_000_000);
    expect(header).toMatch(/^t=1000000,sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('a-shared-secret-123', body, header, 1_000_100)).toBe(true);
  });

  it('refuses another secret, an altered body, a missing header and an old timestamp (replay)', () => {
    const header = signWebhook('a-shared-secret-123', body, 1_000_000);
    expect(verifyWebhook('another-secret-456', body, header, 1_000_000)).toBe(false);
    expect(verifyWebhook('a-shared-secret-123', `${body} `, header, 1_000_000)).toBe(false);
    expect(verifyWebhook('a-shared-secret-123', body, undefined, 1_000_000)).toBe(false);
    expect(verifyWebhook('a-shared-secret-123', body, header, 1_000_000 + 301)).toBe(false);
  });

  it('binds the timestamp: moving it breaks the signature', () => {
    const header = signWebhook('a-shared-secret-123', body, 1_000_000).replace('t=1000000', 't=1000050');
    expect(verifyWebhook('a-shared-secret-123', body, header, 1_000_050)).toBe(false);
  });
});

describe('voiding statements of an erasure', () => {
  const target = '7d5b9e8e-1f3a-4c47-9a53-3f0e2f1b6a10';
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('have the same id on every attempt, a different one per target, and are valid UUIDs', () => {
    expect(voidingIdOf(target, id)).toBe(voidingIdOf(target, id.toUpperCase()));
    expect(voidingIdOf(target, id)).not.toBe(voidingIdOf('1d5b9e8e-1f3a-4c47-9a53-3f0e2f1b6a10', id));
    expect(voidingIdOf(target, id)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('void the statement by reference, as this Custos', () => {
    const [v] = voidingStatements(target, [id], 'https://lrs.example', '2026-01-01T00:00:00Z');
    expect(v).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id },
      actor: { account: { homePage: 'https://lrs.example' } },
    });
  });
});

describe('a forwarded statement', () => {
  it('keeps its id and content and leaves stored, authority and version to the receiver', () => {
    const s = { id: 'x', actor: {}, verb: {}, object: {}, stored: 's', authority: {}, version: '1.0.3' };
    expect(asForwarded(s)).toEqual({ id: 'x', actor: {}, verb: {}, object: {} });
  });
});
