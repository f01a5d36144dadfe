// xAPI 2.0 Communication §2.1.3 (GET Statements) and Data §2.3.2 (voiding): filters, formats,
// voided statements and StatementRefs.
import { aLearner, anActivity, aStatement, aVerb } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const VOIDED = { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } };
type Page = { statements: Record<string, unknown>[]; more: string };

describe('voiding (Data §2.3.2)', () => {
  it('hides a voided statement from queries and statementId, but serves it by voidedStatementId', async () => {
    const xapi = await lrs.client();
    const [target] = (await xapi.postStatements(aStatement())).body;
    const voiding = await xapi.postStatements({
      ...aStatement(),
      verb: VOIDED,
      object: { objectType: 'StatementRef', id: target },
    });
    expect(voiding.status).toBe(200);
    expect((await xapi.getStatements({ statementId: target! })).status).toBe(404);
    const voided = await xapi.getStatements<{ id: string }>({ voidedStatementId: target! });
    expect(voided.status).toBe(200);
    expect(voided.body.id).toBe(target);
    const all = await xapi.getStatements<Page>();
    expect(all.body.statements.map((s) => s.id)).toEqual(voiding.body);
  });

  it('rejects a voiding statement that targets a voiding statement', async () => {
    const xapi = await lrs.client();
    const [target] = (await xapi.postStatements(aStatement())).body;
    const [voiding] = (
      await xapi.postStatements({
        ...aStatement(),
        verb: VOIDED,
        object: { objectType: 'StatementRef', id: target },
      })
    ).body;
    const again = await xapi.postStatements({
      ...aStatement(),
      verb: VOIDED,
      object: { objectType: 'StatementRef', id: voiding },
    });
    expect(again.status).toBe(400);
  });

  it('rejects a voiding statement whose object is not a StatementRef', async () => {
    const xapi = await lrs.client();
    expect((await xapi.postStatements({ ...aStatement(), verb: VOIDED })).status).toBe(400);
  });
});

describe('StatementRef filter conditions (Communication §2.1.3)', () => {
  it('returns statements that target, directly or through a chain, a statement that matches', async () => {
    const xapi = await lrs.client();
    const learner = aLearner();
    const [c] = (await xapi.postStatements(aStatement({ actor: learner }))).body;
    const [b] = (
      await xapi.postStatements(
        aStatement({ verb: aVerb('liked'), object: { objectType: 'StatementRef', id: c } }),
      )
    ).body;
    const [a] = (
      await xapi.postStatements(
        aStatement({ verb: aVerb('shared'), object: { objectType: 'StatementRef', id: b } }),
      )
    ).body;
    await xapi.postStatements(aStatement());
    const res = await xapi.getStatements<Page>({ agent: JSON.stringify({ mbox: learner.mbox }) });
    expect(res.body.statements.map((s) => s.id).sort()).toEqual([a, b, c].sort());
  });

  it('still follows a StatementRef to a voided statement', async () => {
    const xapi = await lrs.client();
    const verb = aVerb(`rare-${crypto.randomUUID()}`);
    const [target] = (await xapi.postStatements(aStatement({ verb }))).body;
    const [voiding] = (
      await xapi.postStatements({
        ...aStatement(),
        verb: VOIDED,
        object: { objectType: 'StatementRef', id: target },
      })
    ).body;
    const res = await xapi.getStatements<Page>({ verb: verb.id });
    expect(res.body.statements.map((s) => s.id)).toEqual([voiding]);
  });

  // The time filters apply to the statement returned, not to the statement it targets: a StatementRef stored
  // after `between` to a match stored before it is in the `since` page and not in the `until` page.
  it('applies since/until to the targeting statement itself', async () => {
    const xapi = await lrs.client();
    const verb = aVerb(`timed-${crypto.randomUUID()}`);
    const [target] = (await xapi.postStatements(aStatement({ verb }))).body;
    await new Promise((r) => setTimeout(r, 5));
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const [ref] = (
      await xapi.postStatements(aStatement({ object: { objectType: 'StatementRef', id: target } }))
    ).body;
    const since = await xapi.getStatements<Page>({ verb: verb.id, since: between });
    expect(since.body.statements.map((s) => s.id)).toEqual([ref]);
    const until = await xapi.getStatements<Page>({ verb: verb.id, until: between });
    expect(until.body.statements.map((s) => s.id)).toEqual([target]);
  });
});

describe('filters and formats (Communication §2.1.3)', () => {
  it('filters by registration, related_activities and related_agents', async () => {
    const xapi = await lrs.client();
    const registration = crypto.randomUUID();
    const parent = anActivity();
    const instructor = aLearner();
    const s = aStatement({ context: { registration, contextActivities: { parent: [parent] }, instructor } });
    const [id] = (await xapi.postStatements([s, aStatement()])).body;
    expect((await xapi.getStatements<Page>({ registration })).body.statements.map((x) => x.id)).toEqual([id]);
    expect((await xapi.getStatements<Page>({ activity: parent.id })).body.statements).toEqual([]);
    expect(
      (
        await xapi.getStatements<Page>({ activity: parent.id, related_activities: 'true' })
      ).body.statements.map((x) => x.id),
    ).toEqual([id]);
    const agent = JSON.stringify({ mbox: instructor.mbox });
    expect((await xapi.getStatements<Page>({ agent })).body.statements).toEqual([]);
    expect(
      (await xapi.getStatements<Page>({ agent, related_agents: 'true' })).body.statements.map((x) => x.id),
    ).toEqual([id]);
  });

  it('orders by stored, newest first, or oldest first with ascending=true', async () => {
    const xapi = await lrs.client();
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await xapi.postStatements(aStatement())).body[0]);
    expect((await xapi.getStatements<Page>()).body.statements.map((s) => s.id)).toEqual([...ids].reverse());
    expect((await xapi.getStatements<Page>({ ascending: 'true' })).body.statements.map((s) => s.id)).toEqual(
      ids,
    );
  });

  it('reduces agents, activities and verbs to their identifiers with format=ids', async () => {
    const xapi = await lrs.client();
    const [id] = (await xapi.postStatements(aStatement())).body;
    const res = await xapi.getStatements<{ actor: Record<string, unknown>; verb: Record<string, unknown> }>({
      statementId: id!,
      format: 'ids',
    });
    expect(res.body.actor).not.toHaveProperty('name');
    expect(res.body.verb).toEqual({ id: aVerb().id });
  });

  it('sends X-Experience-API-Consistent-Through whatever the status (Communication §2.1.3)', async () => {
    const xapi = await lrs.client();
    const bad = await xapi.getStatements({ LIMIT: '1' });
    expect(bad.status).toBe(400);
    expect(Date.parse(bad.headers.get('x-experience-api-consistent-through') ?? '')).not.toBeNaN();
    const missing = await xapi.getStatements({ statementId: crypto.randomUUID() });
    expect(missing.status).toBe(404);
    expect(Date.parse(missing.headers.get('x-experience-api-consistent-through') ?? '')).not.toBeNaN();
  });

  it('rejects statementId combined with a filter, and an unknown parameter', async () => {
    const xapi = await lrs.client();
    expect((await xapi.getStatements({ statementId: crypto.randomUUID(), verb: aVerb().id })).status).toBe(
      400,
    );
    expect(
      (await xapi.getStatements({ statementId: crypto.randomUUID(), format: 'ids', attachments: 'false' }))
        .status,
    ).toBe(404);
    expect((await xapi.getStatements({ bogus: '1' })).status).toBe(400);
  });

  it('sets Last-Modified on a single statement from its stored time', async () => {
    const xapi = await lrs.client();
    const [id] = (await xapi.postStatements(aStatement())).body;
    const res = await xapi.getStatements<{ stored: string }>({ statementId: id! });
    expect(new Date(res.headers.get('last-modified')!).getTime()).toBe(
      Math.floor(Date.parse(res.body.stored) / 1000) * 1000,
    );
  });
});
