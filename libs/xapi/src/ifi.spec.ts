// xAPI 1.0.3 Data §2.4.2.3 and IEEE 9274.1.1 §4.2.2.1 — canonical inverse functional identifiers.

import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { ifiHash, ifiOf, normalizeMbox } from './ifi.js';
import type { Actor } from './types.js';

describe('ifiOf', () => {
  it.each<[string, Actor, string | undefined]>([
    [
      'an mbox, trimmed, with only the domain lowercased',
      { mbox: ' mailto:Ann.Lee@Example.COM ' },
      'mbox:mailto:Ann.Lee@example.com',
    ],
    [
      'an mbox_sha1sum, lowercased',
      { mbox_sha1sum: 'CD9B00A5611F94EAA7B1661EDAB976068E364975' },
      'mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975',
    ],
    [
      'an openid, as given',
      { openid: 'https://openid.example.org/Bob' },
      'openid:https://openid.example.org/Bob',
    ],
    [
      'an account',
      { account: { homePage: 'https://lms.example.com', name: 'U-17' } },
      'account:https://lms.example.com|U-17',
    ],
    [
      'an identified Group',
      { objectType: 'Group', mbox: 'mailto:team@example.com', member: [{ mbox: 'mailto:a@example.com' }] },
      'mbox:mailto:team@example.com',
    ],
    ['an anonymous Group', { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] }, undefined],
  ])('canonicalizes %s', (_name, actor, expected) => {
    expect(ifiOf(actor)).toBe(expected);
  });

  it('ignores name and objectType', () => {
    expect(ifiOf({ objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.com' })).toBe(
      ifiOf({ mbox: 'mailto:ann@example.com' }),
    );
  });

  it('normalizes an upper-case mailto scheme', () => {
    expect(normalizeMbox('MAILTO:ann@EXAMPLE.com')).toBe('mailto:ann@example.com');
  });
});

describe('ifiHash', () => {
  it('is the hex SHA-256 of the canonical IFI', () => {
    const ifi = 'mbox:mailto:ann@example.com';
    expect(ifiHash(ifi)).toBe(createHash('sha256').update(ifi).digest('hex'));
    expect(ifiHash(ifi)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs between IFI kinds carrying the same text', () => {
    expect(ifiHash('openid:x')).not.toBe(ifiHash('mbox:x'));
  });
});
