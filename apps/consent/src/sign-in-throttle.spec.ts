import { describe, expect, it } from 'vitest';

import {
  addressSubject,
  backoffSeconds,
  credentialSubject,
  DEFAULT_SIGN_IN_THROTTLE,
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

  it('counts an attempt against the account, and the address when the gateway sent one', () => {
    const ana = personSubject('t1', 'ana');
    expect(subjectsOf(ana, undefined)).toEqual([ana]);
    expect(subjectsOf(ana, '192.0.2.1')).toEqual([ana, addressSubject('192.0.2.1')]);
  });
});
