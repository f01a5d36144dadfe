// xAPI 2.0 Communication §3.2 (Error Codes): a body larger than the LRS accepts is a 413 with a
// message, and nothing is stored.
import { aStatement } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ConformanceLrs, startLrs } from './lrs.js';

let lrs: ConformanceLrs;
beforeAll(async () => {
  lrs = await startLrs({ CUSTOS_GATEWAY__BODY_LIMIT: '4kb' });
});
afterAll(async () => {
  await lrs?.close();
});

describe('request too large (Communication §3.2)', () => {
  it('answers 413 with a message and stores nothing', async () => {
    const xapi = await lrs.client();
    const batch = Array.from({ length: 40 }, () => aStatement());
    const res = await xapi.postStatements(batch);
    expect(res.status).toBe(413);
    expect((res.body as unknown as { message: string }).message).toMatch(/too large/);
    expect((await xapi.getStatements()).body.statements).toEqual([]);
    expect((await xapi.postStatements(aStatement())).status).toBe(200);
  });
});
