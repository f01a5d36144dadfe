import { describe, expect, it } from 'vitest';

import {
  addressSubject,
  backoffSeconds,
  credentialSubject,
  DEFAULT_SIGN_IN_THROTTLE,
  pairSubject,
  personSubject,
  subjectsOf,
} from './sign-in-throttle.js';

describe('sign-in back-off', () => {
  const s = { ...DEFAULT_SIGN_IN_THROTTLE, backoffBaseSeconds: 2, backoffMaxSeconds: 60 };

  it('is free for the free failures, then doubles with each further one, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, 5, s))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map((n) => backoffSeconds(n, 5, s))).toEqual([2, 4, 8, 16, 32]);
    expect(backoffSeconds(10, 5, s)).toBe(60);
    expect(backoffSeconds(10_000, 5, s)).toBe(60);
  });
});

describe('throttle subjects', () => {
  it('keeps no name or address in clear, and tells tenants, kinds and names apart', () => {
    const ana = personSubject('t1', 'ana');
    expect(ana.subject).toMatch(/^[0-9a-f]{64}$/);
    expect(ana.subject).not.toContain('ana');
    expect(personSubject('t2', 'ana').subject).not.toBe(ana.subject);
    expect(credentialSubject('ana', 't1').subject).not.toBe(ana.subject);
    expect(addressSubject('192.0.2.1').subject).not.toContain('192.0.2.1');
  });

  it('counts an attempt against the account, the account at the address, and the address when the gateway sent one', () => {
    const ana = personSubject('t1', 'ana');
    const [, atA, addressA] = subjectsOf(ana, '192.0.2.1');
    expect(subjectsOf(ana, '192.0.2.1')).toEqual([
      ana,
      pairSubject(ana, '192.0.2.1'),
      addressSubject('192.0.2.1'),
    ]);
    expect(atA).toMatchObject({ kind: 'person-at-address', tenantId: 't1', account: ana.subject });
    expect(atA!.subject).not.toBe(addressA!.subject);
    // Another address is another pair: an attacker's failures at one address are not the real client's at another.
    expect(pairSubject(ana, '192.0.2.2').subject).not.toBe(atA!.subject);
    expect(pairSubject(personSubject('t1', 'bob'), '192.0.2.1').subject).not.toBe(atA!.subject);
    const key = credentialSubject('k1', 't1');
    expect(pairSubject(key, '192.0.2.1')).toMatchObject({
      kind: 'credential-at-address',
      account: key.subject,
    });
    // Without an address every such attempt shares one pair: still slowed at the low threshold.
    expect(subjectsOf(ana, undefined)).toEqual([ana, pairSubject(ana, undefined)]);
  });
});
