// DESIGN "Access model" step 2 — self access: a learner signed in with a bearer token reads,
// through the standard xAPI API, every statement about themself and nothing else; a record they
// may not read is a 404, never a 403 that confirms it exists.
import { aLearner, aStatement } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

type Page = { statements: Record<string, unknown>[]; more: string };

const signIn = async (tenantId: string, username: string, password: string) => {
  const { call } = await lrs.signIn(tenantId, username, password);
  return async <T>(path: string) => {
    const res = await call('GET', path);
    return { status: res.status, body: res.body as T };
  };
};

describe('a signed-in learner', () => {
  it('reads the statements about themself (as actor, either mbox form), not others', async () => {
    const lms = await lrs.client();
    const ana = aLearner('ana');
    const bob = aLearner('bob');
    const sha1 = (await import('node:crypto')).createHash('sha1').update(ana.mbox).digest('hex');
    const mine = [aStatement({ actor: ana }), aStatement({ actor: { mbox_sha1sum: sha1 } })];
    const hers = await lrs.client({ tenantId: lms.tenantId });
    const notMine = [aStatement({ actor: bob }), aStatement({ actor: bob, object: ana })];
    const mineIds = (await lms.postStatements(mine)).body;
    const otherIds = (await hers.postStatements(notMine)).body;

    await lrs.people.create(lms.tenantId, {
      username: 'ana',
      password: 'ana-password-123',
      roles: ['learner'],
      agents: [{ mbox: ana.mbox }],
    });
    const get = await signIn(lms.tenantId, 'ana', 'ana-password-123');

    const list = await get<Page>('/xapi/statements');
    expect(list.status).toBe(200);
    expect(list.body.statements.map((s) => s.id).sort()).toEqual([...mineIds].sort());
    expect((await get(`/xapi/statements?statementId=${mineIds[0]}`)).status).toBe(200);
    // Bob's statement where Ana is only the object is not about her as a data subject.
    for (const id of otherIds) expect((await get(`/xapi/statements?statementId=${id}`)).status).toBe(404);
  });

  it('pages through only their own statements', async () => {
    const lms = await lrs.client();
    const ana = aLearner();
    await lms.postStatements([...Array.from({ length: 5 }, () => aStatement({ actor: ana })), aStatement()]);
    await lrs.people.create(lms.tenantId, {
      username: 'paging',
      password: 'paging-password-123',
      roles: ['learner'],
      agents: [{ mbox: ana.mbox }],
    });
    const get = await signIn(lms.tenantId, 'paging', 'paging-password-123');
    const seen: unknown[] = [];
    let page = await get<Page>('/xapi/statements?limit=2');
    for (;;) {
      seen.push(...page.body.statements.map((s) => s.id));
      if (!page.body.more) break;
      page = await get<Page>(page.body.more);
    }
    expect(seen).toHaveLength(5);
  });

  it('is denied everything when they hold a role other than learner (no policy yet)', async () => {
    const lms = await lrs.client();
    await lms.postStatements(aStatement());
    await lrs.people.create(lms.tenantId, {
      username: 'dana',
      password: 'dana-password-123',
      roles: ['consumer'],
    });
    const get = await signIn(lms.tenantId, 'dana', 'dana-password-123');
    expect((await get('/xapi/statements')).status).toBe(403);
  });
});
