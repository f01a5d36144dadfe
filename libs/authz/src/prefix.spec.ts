import { createMongoAbility, subject } from '@casl/ability';
import { describe, expect, it } from 'vitest';

import {
  likePrefixPattern,
  literalPrefixOf,
  literalPrefixesOf,
  startsWith,
  startsWithAny,
} from './prefix.js';

describe('prefix operator', () => {
  it('round-trips every literal through the CASL regex, including regex and LIKE specials', () => {
    for (const literal of ['https://example.com/a', 'a.b*c+d?e(f)[g]{h}|i^j$k\\l/m-n', '100%_done\\', '']) {
      const { $regex } = startsWith(literal);
      expect(literalPrefixOf($regex)).toBe(literal);
      expect(literalPrefixOf(new RegExp($regex))).toBe(literal);
    }
  });

  it('makes CASL test a plain prefix, not a pattern', () => {
    const ability = createMongoAbility([
      { action: 'read', subject: 'S', conditions: { id: startsWith('https://x.org/a.b') } },
    ]);
    const can = (id: string | null) => ability.can('read', subject('S', { id }));
    expect(can('https://x.org/a.b/1')).toBe(true);
    expect(can('https://x.org/aXb/1')).toBe(false);
    expect(can('http://x.org/a.b')).toBe(false);
    expect(can(null)).toBe(false);
  });

  it('refuses anything but ^ followed by escaped literal characters (fail closed)', () => {
    for (const bad of [
      'abc',
      '^a.b',
      '^a\\d',
      '^a\\u0041',
      '^(a|b)',
      '^a$',
      '^a\\',
      '^a*',
      /^a/i,
      42,
      null,
    ]) {
      expect(literalPrefixOf(bad)).toBeUndefined();
    }
  });

  it('round-trips a list of literals through one alternation, specials included', () => {
    const lists = [['https://a/', 'https://b/'], ['a|b', '(?:c)', 'd\\', ''], ['x)', '|'], ['only']];
    for (const literals of lists) {
      const { $regex } = startsWithAny(literals);
      expect(literalPrefixesOf($regex)).toEqual(literals);
      expect(literalPrefixesOf(new RegExp($regex))).toEqual(literals);
    }
    expect(literalPrefixesOf(startsWith('https://a/').$regex)).toEqual(['https://a/']);
    expect(() => startsWithAny([])).toThrow();
  });

  it('makes CASL test "some element starts with one of them" on an array field', () => {
    const ability = createMongoAbility([
      { action: 'read', subject: 'S', conditions: { ids: startsWithAny(['https://a/1', 'https://b/(x)']) } },
    ]);
    const can = (ids: string[] | undefined) => ability.can('read', subject('S', { ids }));
    expect(can(['https://z/', 'https://b/(x)/y'])).toBe(true);
    expect(can(['https://a/12'])).toBe(true);
    expect(can(['https://b/x'])).toBe(false);
    expect(can([])).toBe(false);
    expect(can(undefined)).toBe(false);
  });

  it('refuses alternations of anything but escaped literals (fail closed)', () => {
    for (const bad of [
      '^(?:a|b.c)',
      '^(?:a|(?:b))',
      '^(a|b)',
      '^(?:a|b',
      '^(?:a)|b',
      '^(?:a\\)',
      '(?:a|b)',
      /^(?:a|b)/i,
    ]) {
      expect(literalPrefixesOf(bad)).toBeUndefined();
    }
  });

  it('escapes %, _ and \\ for LIKE and appends one %', () => {
    expect(likePrefixPattern('https://x.org/')).toBe('https://x.org/%');
    expect(likePrefixPattern('100%')).toBe('100\\%%');
    expect(likePrefixPattern('a_b')).toBe('a\\_b%');
    expect(likePrefixPattern('c:\\dir')).toBe('c:\\\\dir%');
    expect(likePrefixPattern('')).toBe('%');
  });
});
