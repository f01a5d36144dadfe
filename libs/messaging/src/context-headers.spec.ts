import { describe, expect, it } from 'vitest';

import { requestIdFromHeader, stagesFromHeader, stagesToHeader } from './context-headers.js';

describe('request context headers', () => {
  it('carries stage timings through a header and back unchanged', () => {
    const stages = new Map([
      ['storage', 3.25],
      ['audit', 0.5],
    ]);
    expect(stagesFromHeader(stagesToHeader({ stages }))).toEqual([...stages]);
  });

  it('adds nothing for a missing, malformed or hostile stages header', () => {
    for (const value of [
      undefined,
      '',
      'not json',
      '[1,2]',
      'null',
      '{"a":"1"}',
      '{"a":-1}',
      '{"a":1e999}',
    ]) {
      expect(stagesFromHeader(value)).toEqual([]);
    }
    expect(stagesFromHeader('{"audit":1,"bad":"x"}')).toEqual([['audit', 1]]);
  });

  it('carries only request ids of the shape the gateway gives out', () => {
    expect(requestIdFromHeader('3f2a-req_1')).toBe('3f2a-req_1');
    expect(requestIdFromHeader('')).toBeUndefined();
    expect(requestIdFromHeader('a b')).toBeUndefined();
    expect(requestIdFromHeader('x'.repeat(65))).toBeUndefined();
  });
});
