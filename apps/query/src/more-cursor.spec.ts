import { describe, expect, it } from 'vitest';

import { decodeCursor, encodeCursor } from './more-cursor.js';

describe('more cursors', () => {
  const mine = '6f1c1c36-7a4e-4f55-9a57-0c1b7f3a2b10';
  const theirs = '0b5a8f7e-3c2d-4e1f-8a9b-1c2d3e4f5a6b';
  const cursor = {
    params: { verb: 'http://example.com/v', limit: '2' },
    afterSeq: '41',
    principalId: mine,
  };

  it('round-trips for the principal that received it', () => {
    expect(decodeCursor(encodeCursor(cursor), mine)).toEqual({ cursor });
  });

  it('refuses another principal, telling the audit whose cursor it was and what it asked', () => {
    expect(decodeCursor(encodeCursor(cursor), theirs)).toEqual({
      refused: {
        reason: 'more cursor issued to another principal',
        issuedTo: mine,
        params: cursor.params,
      },
    });
  });

  it('does not pass a made-up principal on to the audit', () => {
    const forged = encodeCursor({ ...cursor, principalId: 'mailto:someone@example.org' });
    expect(decodeCursor(forged, theirs)).toEqual({
      refused: { reason: 'more cursor issued to another principal', params: cursor.params },
    });
  });

  it('refuses garbage and tampered order keys or parameters as malformed', () => {
    const malformed = { refused: { reason: 'malformed more cursor' } };
    expect(decodeCursor('not-base64-json', mine)).toEqual(malformed);
    expect(decodeCursor(Buffer.from('null').toString('base64url'), mine)).toEqual(malformed);
    const encoded = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    expect(decodeCursor(encoded({ v: 1, p: {}, a: '1 OR 1=1', c: mine }), mine)).toEqual(malformed);
    expect(decodeCursor(encoded({ v: 1, p: { verb: { $ne: 1 } }, a: '1', c: mine }), mine)).toEqual(
      malformed,
    );
  });
});
