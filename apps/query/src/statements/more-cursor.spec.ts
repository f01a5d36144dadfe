import { createHmac, randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { cursorKeyFrom, decodeCursor, encodeCursor } from './more-cursor.js';

describe('more cursors', () => {
  const key = cursorKeyFrom(randomBytes(32).toString('hex'));
  const mine = '6f1c1c36-7a4e-4f55-9a57-0c1b7f3a2b10';
  const theirs = '0b5a8f7e-3c2d-4e1f-8a9b-1c2d3e4f5a6b';
  const cursor = {
    params: { verb: 'http://example.com/v', limit: '2' },
    afterSeq: '41',
    principalId: mine,
  };
  const malformed = { refused: { reason: 'malformed more cursor' } };
  /** A token built as an unsigned cursor was, or with a body someone edited and a MAC of their own. */
  const bodyOf = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('round-trips for the principal that received it', () => {
    expect(decodeCursor(encodeCursor(cursor, key), mine, key)).toEqual({ cursor });
  });

  it('refuses another principal, telling the audit whose cursor it was and what it asked', () => {
    expect(decodeCursor(encodeCursor(cursor, key), theirs, key)).toEqual({
      refused: {
        reason: 'more cursor issued to another principal',
        issuedTo: mine,
        params: cursor.params,
      },
    });
  });

  it('refuses a cursor re-addressed to its presenter: the MAC no longer matches', () => {
    const [, mac] = encodeCursor(cursor, key).split('.');
    const readdressed = `${bodyOf({ v: 1, p: cursor.params, a: '41', c: theirs })}.${mac}`;
    expect(decodeCursor(readdressed, theirs, key)).toEqual(malformed);
  });

  it('refuses a cursor whose position or filters were edited', () => {
    const [, mac] = encodeCursor(cursor, key).split('.');
    expect(decodeCursor(`${bodyOf({ v: 1, p: cursor.params, a: '0', c: mine })}.${mac}`, mine, key)).toEqual(
      malformed,
    );
    expect(decodeCursor(`${bodyOf({ v: 1, p: {}, a: '41', c: mine })}.${mac}`, mine, key)).toEqual(malformed);
  });

  it('refuses a cursor signed with another key (another installation) or unsigned', () => {
    const foreign = encodeCursor(cursor, cursorKeyFrom(randomBytes(32).toString('hex')));
    expect(decodeCursor(foreign, mine, key)).toEqual(malformed);
    // What every cursor looked like before they were signed: the body alone.
    expect(decodeCursor(encodeCursor(cursor, key).split('.')[0]!, mine, key)).toEqual(malformed);
    expect(decodeCursor(`${encodeCursor(cursor, key)}x`, mine, key)).toEqual(malformed);
  });

  it('refuses garbage as malformed', () => {
    expect(decodeCursor('not-base64-json', mine, key)).toEqual(malformed);
    expect(decodeCursor('a.b.c', mine, key)).toEqual(malformed);
    expect(decodeCursor('', mine, key)).toEqual(malformed);
  });

  it('still checks what it signed: a signed body it would never issue is malformed', () => {
    // Only a holder of the key could make these; the shape checks stay as a second line.
    const signed = (o: unknown) => {
      const body = bodyOf(o);
      const mac = signWith(key, body);
      return `${body}.${mac}`;
    };
    expect(decodeCursor(signed({ v: 1, p: {}, a: '1 OR 1=1', c: mine }), mine, key)).toEqual(malformed);
    expect(decodeCursor(signed({ v: 1, p: { verb: { $ne: 1 } }, a: '1', c: mine }), mine, key)).toEqual(
      malformed,
    );
    expect(decodeCursor(signed(null), mine, key)).toEqual(malformed);
  });

  it('needs a key of 32 characters or more', () => {
    expect(() => cursorKeyFrom('short')).toThrow(/CUSTOS_CURSOR_KEY must be at least 32 characters/);
  });
});

const signWith = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');
