import { describe, expect, it } from 'vitest';

import { parseBasic } from './basic-auth.guard.js';

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
