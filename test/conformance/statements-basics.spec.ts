// xAPI 2.0 Communication §2.1 and §3.3 — the Statements resource basics, for both versions.
import { aStatement } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

describe.each(['1.0.3', '2.0.0'])('statements with X-Experience-API-Version %s', (version) => {
  it('answers POST with 200 and the ids, PUT with 204 (Communication §2.1.1, §2.1.2)', async () => {
    const xapi = await lrs.client({ version });
    const posted = await xapi.postStatements([aStatement(), aStatement()]);
    expect(posted.status).toBe(200);
    expect(posted.body).toHaveLength(2);
    const id = crypto.randomUUID();
    const put = await xapi.request('PUT', `/xapi/statements?statementId=${id}`, { body: aStatement() });
    expect(put.status).toBe(204);
  });

  it('states the version that answered on every response (Communication §3.3)', async () => {
    const xapi = await lrs.client({ version });
    const res = await xapi.getStatements();
    expect(res.headers.get('x-experience-api-version')).toBe(version);
  });

  it('sets stored and authority itself (Data §2.4.8, §2.4.9)', async () => {
    const xapi = await lrs.client({ version });
    const forged = { ...aStatement(), authority: { mbox: 'mailto:forged@example.org' } };
    const posted = await xapi.postStatements(forged);
    expect(posted.status).toBe(200);
    const got = await xapi.getStatements<{ authority: Record<string, unknown>; stored: string }>({
      statementId: posted.body[0]!,
    });
    expect(got.body.authority).not.toMatchObject({ mbox: 'mailto:forged@example.org' });
    expect(Date.parse(got.body.stored)).not.toBeNaN();
  });
});
