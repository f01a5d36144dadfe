import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { backoffMs, forwardingKeyFrom, openSecret, sealSecret } from './secrets.js';

describe('forwarding secrets at rest', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and the sealed bytes do not contain the secret', () => {
    const sealed = sealSecret(key, 't1', 'a', 'the-secret-value');
    expect(sealed.toString('utf8')).not.toContain('the-secret-value');
    expect(openSecret(key, 't1', 'a', sealed)).toBe('the-secret-value');
  });

  it('refuses another target, another tenant, another key or altered bytes', () => {
    const sealed = sealSecret(key, 't1', 'a', 's');
    expect(() => openSecret(key, 't1', 'b', sealed)).toThrow();
    expect(() => openSecret(key, 't2', 'a', sealed)).toThrow();
    expect(() => openSecret(randomBytes(32), 't1', 'a', sealed)).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => openSecret(key, 't1', 'a', altered)).toThrow();
  });

  it('takes the key from CUSTOS_FORWARDING_KEY, else from the token signing key, else none', () => {
    expect(forwardingKeyFrom('ab'.repeat(32), 'pem')).toHaveLength(32);
    expect(forwardingKeyFrom(undefined, 'pem')).toEqual(forwardingKeyFrom(undefined, 'pem'));
    expect(forwardingKeyFrom(undefined, 'pem')).not.toEqual(forwardingKeyFrom(undefined, 'other'));
    expect(forwardingKeyFrom(undefined, undefined)).toBeUndefined();
    expect(() => forwardingKeyFrom('short', undefined)).toThrow(/CUSTOS_FORWARDING_KEY/);
  });
});

describe('back-off', () => {
  it('doubles from the base after each failure and stops at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffMs(1000, 1000, 60_000)).toBe(60_000);
  });
});
