import { describe, expect, it } from 'vitest';

import { decode, MESSAGE_MAX_JSON_DEPTH } from './codec.js';

const nested = (levels: number) => new TextEncoder().encode(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('decode', () => {
  it('takes a message at the depth limit and refuses a deeper one with a 400, whoever sent it', () => {
    expect(decode(nested(MESSAGE_MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => decode(nested(20_000))).toThrow(expect.objectContaining({ status: 400 }));
  });
});
