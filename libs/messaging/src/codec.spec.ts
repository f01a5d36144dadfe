import { describe, expect, it } from 'vitest';

import { LockedError, TooManyRequestsError } from '@custos/contracts';

import { decode, fromWireError, MESSAGE_MAX_JSON_DEPTH, toWireError } from './codec.js';

const nested = (levels: number) => new TextEncoder().encode(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('decode', () => {
  it('takes a message at the depth limit and refuses a deeper one with a 400, whoever sent it', () => {
    expect(decode(nested(MESSAGE_MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => decode(nested(20_000))).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('errors on the wire', () => {
  it("carries a 429's Retry-After to the caller", () => {
    const wire = toWireError(new TooManyRequestsError('slow down', 7.2), 'consent.v1.people.login');
    expect(wire).toEqual({ status: 429, message: 'slow down', retryAfter: 8 });
    const back = fromWireError(JSON.parse(JSON.stringify(wire)) as typeof wire);
    expect(back).toBeInstanceOf(TooManyRequestsError);
    expect(back.retryAfterSeconds).toBe(8);
  });

  it('keeps a 423 a 423, without a Retry-After', () => {
    const back = fromWireError(toWireError(new LockedError('locked'), 'consent.v1.people.login'));
    expect(back).toBeInstanceOf(LockedError);
    expect(back.retryAfterSeconds).toBeUndefined();
  });
});
