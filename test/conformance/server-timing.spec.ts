// docs/audit.md "How much a read spends on the audit step": API and xAPI responses carry a W3C Server-Timing
// header with the stages the parts timed for that request (consent, storage, audit) and the total, which
// browsers may read (CORS) — on allowed and denied reads alike — and the request id the client sent.
import { randomUUID } from 'node:crypto';

import { aLearner, aStatement, xapiClient } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

/** `a;dur=1.5, b;dur=2` → `{a: 1.5, b: 2}`; fails the test on anything else. */
function stagesOf(header: string | null): Record<string, number> {
  expect(header).toBeTruthy();
  return Object.fromEntries(
    header!.split(/,\s*/).map((metric) => {
      const match = /^([\w.-]+);dur=(\d+(?:\.\d+)?)$/.exec(metric);
      expect(match, metric).not.toBeNull();
      return [match![1]!, Number(match![2])];
    }),
  );
}

describe('Server-Timing', () => {
  it('times consent, storage and the audit step of a statement read, within the total', async () => {
    const lms = await lrs.client({ version: '2.0.0' });
    await lms.postStatements([aStatement({ actor: aLearner() })]);
    const requestId = `timing-${randomUUID()}`;
    const res = await lms.request('GET', '/xapi/statements', { headers: { 'X-Request-Id': requestId } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const stages = stagesOf(res.headers.get('server-timing'));
    expect(Object.keys(stages)).toEqual(expect.arrayContaining(['consent', 'storage', 'audit', 'total']));
    // The stages run one after another inside the request (rounding to hundredths aside).
    expect(stages.consent! + stages.storage! + stages.audit!).toBeLessThanOrEqual(stages.total! + 0.05);
  });

  it('times the audit step of a denied read and of a document read', async () => {
    const lms = await lrs.client({ version: '2.0.0' });
    const writer = await lrs.credentials.create(['statements/write'], lms.tenantId);
    const denied = await xapiClient(lrs.baseUrl, writer.key, writer.secret, '2.0.0').getStatements();
    expect(denied.status).toBe(403);
    expect(stagesOf(denied.headers.get('server-timing'))).toMatchObject({
      consent: expect.any(Number),
      audit: expect.any(Number),
      total: expect.any(Number),
    });

    const state = `/xapi/activities/state?${new URLSearchParams({
      activityId: 'https://example.org/a',
      agent: JSON.stringify({ mbox: aLearner().mbox }),
      stateId: 's',
    }).toString()}`;
    const read = await lms.request('GET', state);
    expect(read.status).toBe(404);
    expect(stagesOf(read.headers.get('server-timing'))).toMatchObject({
      storage: expect.any(Number),
      audit: expect.any(Number),
    });
  });

  it('lets browser code read it, and is not sent by the health checks', async () => {
    const lms = await lrs.client({ version: '2.0.0' });
    const res = await lms.request('GET', '/xapi/statements', {
      headers: { Origin: 'https://lms.example.org' },
    });
    expect(res.headers.get('access-control-expose-headers')?.split(',')).toContain('Server-Timing');
    const health = await fetch(`${lrs.baseUrl}/healthz`);
    expect(health.headers.get('server-timing')).toBeNull();
  });
});
