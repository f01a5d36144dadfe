// xAPI 1.0.3 Communication §3.3 and IEEE 9274.1.1 §4.1.1 — X-Experience-API-Version header mapping.

import { describe, expect, it } from 'vitest';

import { SUPPORTED_VERSIONS, parseVersionHeader } from './types.js';

describe('parseVersionHeader', () => {
  it.each([
    ['1.0', '1.0.3'],
    ['1.0.0', '1.0.3'],
    ['1.0.1', '1.0.3'],
    ['1.0.2', '1.0.3'],
    ['1.0.3', '1.0.3'],
    [' 1.0.3 ', '1.0.3'],
    ['2.0', '2.0.0'],
    ['2.0.0', '2.0.0'],
    ['2.0.1', '2.0.0'],
  ] as const)('maps %j to the %s rule set', (header, expected) => {
    expect(parseVersionHeader(header)).toBe(expected);
  });

  it.each([undefined, '', '0.95', '0.9', '1.1.0', '1', '2.1.0', '1.0.3-beta', 'latest'])(
    'rejects %j',
    (header) => {
      expect(parseVersionHeader(header)).toBeNull();
    },
  );

  it('lists every version announced on /about', () => {
    expect(SUPPORTED_VERSIONS).toEqual(['1.0.0', '1.0.1', '1.0.2', '1.0.3', '2.0.0']);
  });
});
