// xAPI 1.0.3 Data §4.2–§4.6 and IEEE 9274.1.1 §4.2.7 — value formats (IRI, UUID, mbox, hashes, language
// tags, timestamps, durations).

import { describe, expect, it } from 'vitest';

import { durationComparisonKey, isDuration } from './duration.js';
import { isMailtoIri, isSha1Hex, isSha2Hex, isUuid } from './identifiers.js';
import { isIri, isIrl, isUri } from './iri.js';
import { isLanguageTag } from './language-tag.js';
import { isTimestamp, normalizeTimestamp, parseTimestamp } from './timestamp.js';

describe('isIri / isIrl / isUri', () => {
  it.each([
    'http://adlnet.gov/expapi/verbs/attended',
    'https://example.com/a?b=c#d',
    'urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee',
    'tag:example.com,2024:activity',
    'http://example.com/فعل/خواندن',
    'http://[2001:db8::1]:8080/x',
    'http://example.com/%E2%82%AC',
  ])('accepts the IRI %s', (value) => {
    expect(isIri(value)).toBe(true);
  });

  it.each([
    ['no scheme', 'example.com/activity'],
    ['a relative reference', '/activities/1'],
    ['an invalid scheme', 'ab=c://should.fail.com'],
    ['a space', 'http://example.com/a b'],
    ['nothing after the scheme', 'http:'],
    ['a bad percent escape', 'http://example.com/%G1'],
    ['two fragments', 'http://example.com/#a#b'],
    ['brackets in the path', 'http://example.com/[x]'],
    ['a non-numeric port', 'http://example.com:port/'],
    ['the empty string', ''],
    ['a number', 42],
  ])('rejects %s', (_name, value) => {
    expect(isIri(value)).toBe(false);
  });

  it('requires an authority for an IRL', () => {
    expect(isIrl('https://www.example.com')).toBe(true);
    expect(isIrl('urn:example:thing')).toBe(false);
    expect(isIrl('mailto:ann@example.com')).toBe(false);
  });

  it('restricts a URI to ASCII', () => {
    expect(isUri('http://openid.example.org/12345')).toBe(true);
    expect(isUri('http://example.com/é')).toBe(false);
  });
});

describe('isUuid', () => {
  it.each(['e05aa883-acaf-40ad-bf54-02c8ce485fb0', 'AA97B177-9383-4934-8543-0F91A7A02836'])(
    'accepts %s',
    (v) => {
      expect(isUuid(v)).toBe(true);
    },
  );
  it.each([
    'AA97B177-9383-4934-8543-0F91A7A028368',
    'MA97B177-9383-4934-8543-0F91A7A02836',
    'e05aa883acaf40adbf5402c8ce485fb0',
    '',
  ])('rejects %s', (v) => {
    expect(isUuid(v)).toBe(false);
  });
});

describe('isMailtoIri', () => {
  it.each([
    'mailto:ann@example.com',
    'mailto:first.last+tag@sub.example.co.uk',
    'mailto:user@localhost',
    'mailto:jöe@exämple.de',
  ])('accepts %s', (v) => {
    expect(isMailtoIri(v)).toBe(true);
  });
  it.each([
    'ann@example.com',
    'mailto:should.fail.com',
    'mailto:@example.com',
    'mailto:ann@',
    'mailto:a b@example.com',
    'mailto:ann@example.com?subject=hi',
    'MAILTO:ann@example.com',
    'http://should.fail.com',
  ])('rejects %s', (v) => {
    expect(isMailtoIri(v)).toBe(false);
  });
});

describe('hash formats', () => {
  it('mbox_sha1sum is 40 hex digits of any case', () => {
    expect(isSha1Hex('cd9b00a5611f94eaa7b1661edab976068e364975')).toBe(true);
    expect(isSha1Hex('CD9B00A5611F94EAA7B1661EDAB976068E364975')).toBe(true);
    expect(isSha1Hex('cd9b00a5611f94eaa7b1661edab976068e36497z')).toBe(false);
  });

  it('sha2 is a hex digest of a SHA-2 length', () => {
    for (const length of [56, 64, 96, 128]) expect(isSha2Hex('a'.repeat(length))).toBe(true);
    expect(isSha2Hex('a'.repeat(40))).toBe(false);
    expect(isSha2Hex('g'.repeat(64))).toBe(false);
  });
});

describe('isLanguageTag', () => {
  it.each([
    'en',
    'en-US',
    'de-DE',
    'zh-Hant',
    'zh-Hans-CN',
    'sr-Latn-RS',
    'es-419',
    'tlh',
    'ase',
    'cmn',
    'zh-yue-HK',
    'de-CH-1901',
    'en-a-bbb-x-private',
    'x-whatever',
    'i-klingon',
    'EN-us',
  ])('accepts %s', (tag) => {
    expect(isLanguageTag(tag)).toBe(true);
  });
  it.each([
    ['a digit-bearing language', 'a12345'],
    ['a 9-letter subtag', 'something'],
    ['a 9-letter variant', 'en-something-AU'],
    ['a one-letter language', 's-something'],
    ['a repeated singleton', 'zh-z-aaa-z-bbb-c-ccc'],
    ['a repeated variant', 'de-1901-1901'],
    ['an empty subtag', 'en--US'],
    ['a singleton without subtags', 'en-a'],
    ['an empty private use', 'en-x'],
    ['the empty string', ''],
  ])('rejects %s', (_name, tag) => {
    expect(isLanguageTag(tag)).toBe(false);
  });
});

describe('timestamps', () => {
  it.each([
    '2008-09-15T15:53:00.601+00:00',
    '2008-09-15T15:53:00Z',
    '2008-09-15T15:53:00.601-05:00',
    '2008-09-15T15:53:00+0530',
    '2008-09-15T15:53:00+05',
    '20080915T155300.601Z',
    '2024-02-29T23:59:59.123456789Z',
  ])('accepts %s', (value) => {
    expect(isTimestamp(value)).toBe(true);
  });

  it.each([
    '2008-09-15T15:53:00.601-00:00',
    '2008-09-15T15:53:00.601-0000',
    '2008-09-15T15:53:00.601-00',
    '2008-09-15T15:53:00',
    '2008-09-15',
    '2008-09-15T15:53Z',
    '2023-02-29T00:00:00Z',
    '2008-13-01T00:00:00Z',
    '2008-09-15T24:00:00Z',
    '2008-09-15T15:53:00+24:00',
    '01/011/2015',
  ])('rejects %s', (value) => {
    expect(isTimestamp(value)).toBe(false);
  });

  it('parses to the instant, truncating below milliseconds', () => {
    expect(parseTimestamp('2024-05-01T10:15:30.1239+02:00')).toEqual({
      epochMs: Date.UTC(2024, 4, 1, 8, 15, 30, 123),
      fraction: '1239',
    });
  });

  it('normalizes to UTC and keeps the given precision (at least milliseconds)', () => {
    expect(normalizeTimestamp('2024-05-01T10:15:30+02:00')).toBe('2024-05-01T08:15:30.000Z');
    expect(normalizeTimestamp('20240501T001530.123456-0130')).toBe('2024-05-01T01:45:30.123456Z');
    expect(() => normalizeTimestamp('nope')).toThrow(RangeError);
  });
});

describe('durations', () => {
  it.each([
    'PT4H35M59.14S',
    'PT16559.14S',
    'P3Y1M29DT4H35M59.14S',
    'P3Y',
    'P4W',
    'PT1H0M0.1S',
    'P1DT12H',
    'PT0,5S',
    'P0.5Y',
  ])('accepts %s', (value) => {
    expect(isDuration(value)).toBe(true);
  });
  it.each([
    'P4W1D',
    'PA1H0M0S',
    'P',
    'PT',
    'P1YT',
    'PT1.5H30M',
    'P0003-01-29T04:35:59',
    '-PT1H',
    'pt1h',
    '1H',
  ])('rejects %s', (value) => {
    expect(isDuration(value)).toBe(false);
  });

  it('compares seconds to 0.01 s and nothing else', () => {
    expect(durationComparisonKey('PT1.2399S')).toBe('PT1.23S');
    expect(durationComparisonKey('PT1,50S')).toBe('PT1.5S');
    expect(durationComparisonKey('PT1.001S')).toBe('PT1S');
    expect(durationComparisonKey('PT90M')).toBe('PT90M');
  });
});
