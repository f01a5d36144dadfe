import { describe, expect, it } from 'vitest';

import { findUnstorableText, jsonNestingExceeds, MAX_JSON_DEPTH } from './json-limits.js';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('jsonNestingExceeds', () => {
  it('accepts the limit and refuses one level more, as text or as UTF-8 bytes', () => {
    expect(jsonNestingExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestingExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonNestingExceeds(new TextEncoder().encode(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
  });

  it('counts objects and arrays alike, and ignores brackets inside strings (escaped quotes too)', () => {
    expect(jsonNestingExceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonNestingExceeds('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonNestingExceeds(`{"s":"\\"${'['.repeat(500)}"}`, 1)).toBe(false);
  });

  it('stops at the first level past the limit, so a million levels cost nothing', () => {
    expect(jsonNestingExceeds('['.repeat(1_000_000))).toBe(true);
  });
});

describe('findUnstorableText', () => {
  it('names every string and property name holding NUL or a lone surrogate', () => {
    expect(
      findUnstorableText(
        { result: { response: 'a\u0000' }, list: ['ok', '\udc00'], ['k\u0000']: 1, pair: '😀' },
        'statement',
      ).map((p) => p.path),
    ).toEqual(['statement.result.response', 'statement.list[1]', 'statement["k\\u0000"]']);
  });

  it('names top-level properties bare when the root is empty', () => {
    expect(findUnstorableText({ username: 'a\u0000' }, '')).toEqual([
      { path: 'username', message: expect.stringMatching(/U\+0000/) as unknown },
    ]);
  });
});
