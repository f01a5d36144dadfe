import { describe, expect, it } from 'vitest';

import { parseBasic, parseBearer } from './basic-auth.guard.js';

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

describe('parseBasic', () => {
  it('splits key and secret at the first colon', () => {
    expect(parseBasic(basic('key:se:cret'))).toEqual({ key: 'key', secret: 'se:cret' });
  });

  it('rejects missing, malformed and key-less headers', () => {
    expect(parseBasic(undefined)).toBeNull();
    expect(parseBasic('Bearer abc')).toBeNull();
    expect(parseBasic(basic('nocolon'))).toBeNull();
    expect(parseBasic(basic(':secret'))).toBeNull();
  });
});

describe('parseBearer', () => {
  it('takes the token of a Bearer header (RFC 6750 §2.1)', () => {
    expect(parseBearer('Bearer abc.def-_.ghi')).toBe('abc.def-_.ghi');
    expect(parseBearer('bearer   tok==')).toBe('tok==');
  });

  it('rejects missing, Basic, empty and malformed headers', () => {
    expect(parseBearer(undefined)).toBeNull();
    expect(parseBearer(basic('key:secret'))).toBeNull();
    expect(parseBearer('Bearer ')).toBeNull();
    expect(parseBearer('Bearer a b')).toBeNull();
  });
});
