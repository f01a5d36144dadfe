import { describe, expect, it } from 'vitest';

import { decodeCursor, encodeCursor } from './more-cursor.js';

describe('more cursors', () => {
  const cursor = {
    params: { verb: 'http://example.com/v', limit: '2' },
    afterSeq: '41',
    principalId: 'c-1',
  };

  it('round-trips for the principal that received it', () => {
    expect(decodeCursor(encodeCursor(cursor), 'c-1')).toEqual(cursor);
  });

  it('gives another principal nothing', () => {
    expect(() => decodeCursor(encodeCursor(cursor), 'c-2')).toThrow(/unknown or expired/);
  });

  it('rejects garbage and tampered order keys', () => {
    expect(() => decodeCursor('not-base64-json', 'c-1')).toThrow(/unknown/);
    const tampered = Buffer.from(JSON.stringify({ v: 1, p: {}, a: '1 OR 1=1', c: 'c-1' })).toString(
      'base64url',
    );
    expect(() => decodeCursor(tampered, 'c-1')).toThrow(/unknown/);
  });
});
