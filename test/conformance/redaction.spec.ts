// DESIGN "Access model", fields to redact: a statement readable only through policies that redact parts leaves
// storage without those parts (list, statementId, more pages); a statement some matching rule allows whole
// (self access, a policy without redactions) is whole. The redactable parts are a fixed list, checked when the
// policy is created (400).
import {
  aLearner,
  aStatement,
  aVerb,
  anAttachment,
  binaryXapi,
  multipartStatements,
  readMultipart,
} from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

type Statement = Record<string, unknown> & { id: string; result?: Record<string, unknown> };
type Caller = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

const COURSE = 'https://example.org/courses/a/';
const completed = aVerb('completed');
const activity = (id: string) => ({ objectType: 'Activity', id });
const result = { response: 'my private answer', score: { scaled: 0.5 }, success: true };

async function signIn(tenantId: string, username: string): Promise<Caller> {
  return (await lrs.signIn(tenantId, username, `${username}-password-123`)).call;
}

/** Two statements of Ana with a response (course A and elsewhere), an admin, a consumer and Ana signed in. */
async function aTenant() {
  const lms = await lrs.client();
  const tenantId = lms.tenantId;
  const ana = aLearner();
  const [inCourse, elsewhere] = (
    await lms.postStatements([
      aStatement({ actor: ana, verb: completed, object: activity(`${COURSE}1`), result }),
      aStatement({ actor: ana, verb: completed, object: activity('https://example.org/other/1'), result }),
    ])
  ).body as [string, string];
  const person = (
    username: string,
    roles: ('learner' | 'admin' | 'consumer')[],
    agents: Record<string, unknown>[] = [],
  ) => lrs.people.create(tenantId, { username, password: `${username}-password-123`, roles, agents });
  await person('admin', ['admin']);
  await person('consumer', ['consumer']);
  await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  return {
    ids: { inCourse, elsewhere },
    admin: await signIn(tenantId, 'admin'),
    consumer: await signIn(tenantId, 'consumer'),
    ana: await signIn(tenantId, 'ana'),
  };
}

const policy = (redactFields: string[], scope: Record<string, unknown> = {}) => ({
  grantee: { kind: 'role', id: 'consumer' },
  purpose: { code: 'analytics', text: 'Course analytics without learner answers' },
  lawfulBasis: 'legal-obligation',
  scope,
  redactFields,
});

async function createPolicy(admin: Caller, body: unknown) {
  const res = await admin('POST', '/api/v1/policies', body);
  expect(res.status).toBe(201);
}

async function list(caller: Caller, params: Record<string, string> = {}): Promise<Statement[]> {
  const res = await caller('GET', `/xapi/statements?${new URLSearchParams(params).toString()}`);
  expect(res.status).toBe(200);
  return (res.body as { statements: Statement[] }).statements;
}

describe('policy redaction (DESIGN "Access model", fields to redact)', () => {
  it('a consumer under a policy redacting result.response never sees it: list, statementId, more pages', async () => {
    const t = await aTenant();
    await createPolicy(t.admin, policy(['result.response']));

    const all = await list(t.consumer);
    expect(all.map((s) => s.id).sort()).toEqual([t.ids.inCourse, t.ids.elsewhere].sort());
    for (const s of all) expect(s.result).toEqual({ score: { scaled: 0.5 }, success: true });

    const one = await t.consumer('GET', `/xapi/statements?statementId=${t.ids.inCourse}`);
    expect(one.status).toBe(200);
    expect((one.body as Statement).result).toEqual({ score: { scaled: 0.5 }, success: true });

    let page = await t.consumer('GET', '/xapi/statements?limit=1');
    const seen: string[] = [];
    for (;;) {
      const { statements, more } = page.body as { statements: Statement[]; more: string };
      for (const s of statements) {
        seen.push(s.id);
        expect(s.result).not.toHaveProperty('response');
      }
      if (!more) break;
      page = await t.consumer('GET', more);
    }
    expect(seen.sort()).toEqual([t.ids.inCourse, t.ids.elsewhere].sort());
  });

  it('the learner reading their own statement sees it whole (self access redacts nothing)', async () => {
    const t = await aTenant();
    await createPolicy(t.admin, policy(['result.response']));
    const own = await t.ana('GET', `/xapi/statements?statementId=${t.ids.inCourse}`);
    expect(own.status).toBe(200);
    expect((own.body as Statement).result).toEqual(result);
  });

  it('a statement that another matching policy allows whole is whole; only the intersection is removed', async () => {
    const t = await aTenant();
    await createPolicy(t.admin, policy(['result.response', 'result.score']));
    await createPolicy(t.admin, policy([], { activityPrefixes: [COURSE] }));
    await createPolicy(
      t.admin,
      policy(['result.score', 'result.success'], { activityPrefixes: ['https://example.org/other/'] }),
    );
    const byId = new Map((await list(t.consumer)).map((s) => [s.id, s]));
    expect(byId.get(t.ids.inCourse)?.result).toEqual(result);
    // Elsewhere: both redacting policies match; only result.score is redacted by both.
    expect(byId.get(t.ids.elsewhere)?.result).toEqual({ response: 'my private answer', success: true });
  });

  it('attachments=true (Communication §2.1.3): the statement part is redacted, attachment data only when not redacted', async () => {
    for (const redact of [['result.response'], ['result.response', 'attachments']]) {
      const lms = await lrs.client();
      const writer = await lrs.credentials.create(['all'], lms.tenantId);
      const file = anAttachment('a learner essay', { contentType: 'text/plain' });
      const { body, contentType } = multipartStatements(
        {
          ...aStatement({ actor: aLearner(), verb: completed, object: activity(`${COURSE}9`), result }),
          attachments: [file.metadata],
        },
        [{ data: file.data, contentType: 'text/plain' }],
      );
      const posted = await binaryXapi(lrs.baseUrl, writer.key, writer.secret)('POST', '/xapi/statements', {
        body,
        contentType,
      });
      expect(posted.status).toBe(200);
      const id = (posted.json as string[])[0]!;
      await lrs.people.create(lms.tenantId, {
        username: 'admin',
        password: 'admin-password-123',
        roles: ['admin'],
        agents: [],
      });
      await lrs.people.create(lms.tenantId, {
        username: 'consumer',
        password: 'consumer-password-123',
        roles: ['consumer'],
        agents: [],
      });
      await createPolicy(await signIn(lms.tenantId, 'admin'), policy(redact));
      const { token } = await lrs.signIn(lms.tenantId, 'consumer', 'consumer-password-123');
      for (const params of [{ statementId: id }, {}] as Record<string, string>[]) {
        const res = await fetch(
          `${lrs.baseUrl}/xapi/statements?${new URLSearchParams({ ...params, attachments: 'true' }).toString()}`,
          {
            headers: { Authorization: `Bearer ${token}`, 'X-Experience-API-Version': '2.0.0' },
          },
        );
        expect(res.status).toBe(200);
        const [first, ...parts] = readMultipart(
          res.headers.get('content-type') ?? '',
          Buffer.from(await res.arrayBuffer()),
        );
        const json = JSON.parse(first!.body.toString('utf8')) as Statement & { statements?: Statement[] };
        const statement = json.statements ? json.statements[0]! : json;
        expect(statement.id).toBe(id);
        expect(statement.result).toEqual({ score: { scaled: 0.5 }, success: true });
        if (redact.includes('attachments')) {
          expect(statement).not.toHaveProperty('attachments');
          expect(parts).toHaveLength(0);
        } else {
          expect(parts.map((p) => p.headers['x-experience-api-hash'])).toEqual([file.metadata.sha2]);
        }
      }
    }
  });

  it('removes the redacted parts from a SubStatement too (Data §2.4.4.3): list, more, statementId, every format, attachments, explain', async () => {
    const lms = await lrs.client();
    const writer = await lrs.credentials.create(['all'], lms.tenantId);
    const ana = aLearner();
    const file = anAttachment('an essay inside the SubStatement', { contentType: 'text/plain' });
    const secrets = {
      result: {
        response: 'inner private answer',
        score: { scaled: 0.25 },
        success: false,
        extensions: { 'https://example.org/ext/keystrokes': 412 },
      },
      context: {
        instructor: { objectType: 'Agent', mbox: 'mailto:tutor@example.org' },
        team: { objectType: 'Group', mbox: 'mailto:team@example.org' },
        extensions: { 'https://example.org/ext/seat': 'B12' },
      },
    };
    const subStatement = {
      objectType: 'SubStatement',
      actor: aLearner(),
      verb: aVerb('answered'),
      object: activity(`${COURSE}quiz`),
      result: secrets.result,
      context: { ...secrets.context, platform: 'private-lms', language: 'en' },
      attachments: [file.metadata],
    };
    const withSub = (verb: string) => ({
      ...aStatement({ actor: ana, verb: aVerb(verb), object: subStatement }),
      result,
      context: secrets.context,
    });
    const { body, contentType } = multipartStatements(
      [withSub('planned'), withSub('promised')],
      [{ data: file.data, contentType: 'text/plain' }],
    );
    const posted = await binaryXapi(lrs.baseUrl, writer.key, writer.secret)('POST', '/xapi/statements', {
      body,
      contentType,
    });
    expect(posted.status).toBe(200);
    const ids = (posted.json as string[]).toSorted();
    const person = (username: string, roles: ('learner' | 'admin' | 'consumer')[], agents: unknown[] = []) =>
      lrs.people.create(lms.tenantId, {
        username,
        password: `${username}-password-123`,
        roles,
        agents: agents as Record<string, unknown>[],
      });
    await person('admin', ['admin']);
    const consumerPerson = await person('consumer', ['consumer']);
    await person('ana', ['learner'], [{ mbox: ana.mbox }]);
    const redacted = [
      'result.response',
      'result.score',
      'result.extensions',
      'context.platform',
      'context.instructor',
      'context.team',
      'context.extensions',
      'attachments',
    ];
    const admin = await signIn(lms.tenantId, 'admin');
    await createPolicy(admin, policy(redacted));
    const { token, call: consumer } = await lrs.signIn(lms.tenantId, 'consumer', 'consumer-password-123');

    // What is left of the statement and of its SubStatement: no redacted part at either level.
    const expectRedacted = (s: Statement, how: string) => {
      expect(s.result, how).toEqual({ success: true });
      expect(s, how).not.toHaveProperty('context');
      expect(s, how).not.toHaveProperty('attachments');
      const sub = s.object as Record<string, unknown>;
      expect(sub.objectType, how).toBe('SubStatement');
      expect(sub.result, how).toEqual({ success: false });
      expect(sub.context, how).toEqual({ language: 'en' });
      expect(sub, how).not.toHaveProperty('attachments');
    };
    for (const format of ['exact', 'ids', 'canonical']) {
      const listed = await list(consumer, { format });
      expect(listed.map((s) => s.id).toSorted()).toEqual(ids);
      for (const s of listed) expectRedacted(s, `list format=${format}`);
      for (const id of ids) {
        const one = await consumer('GET', `/xapi/statements?statementId=${id}&format=${format}`);
        expect(one.status).toBe(200);
        expectRedacted(one.body as Statement, `statementId format=${format}`);
      }
      let page = await consumer('GET', `/xapi/statements?limit=1&format=${format}`);
      const seen: string[] = [];
      for (;;) {
        const { statements, more } = page.body as { statements: Statement[]; more: string };
        for (const s of statements) {
          seen.push(s.id);
          expectRedacted(s, `more format=${format}`);
        }
        if (!more) break;
        page = await consumer('GET', more);
      }
      expect(seen.toSorted()).toEqual(ids);
    }

    // Communication §2.1.3 attachments=true: neither the SubStatement's attachment metadata nor its data.
    for (const params of [{ statementId: ids[0]! }, {}] as Record<string, string>[]) {
      const res = await fetch(
        `${lrs.baseUrl}/xapi/statements?${new URLSearchParams({ ...params, attachments: 'true' }).toString()}`,
        { headers: { Authorization: `Bearer ${token}`, 'X-Experience-API-Version': '2.0.0' } },
      );
      expect(res.status).toBe(200);
      const [first, ...parts] = readMultipart(
        res.headers.get('content-type') ?? '',
        Buffer.from(await res.arrayBuffer()),
      );
      const json = JSON.parse(first!.body.toString('utf8')) as Statement & { statements?: Statement[] };
      for (const s of json.statements ?? [json]) expectRedacted(s, 'attachments=true');
      expect(parts).toHaveLength(0);
    }

    // Explain names the same parts (they apply to the SubStatement too); it never carries content.
    const explained = await admin(
      'GET',
      `/api/v1/explain?statementId=${ids[0]}&principal=${consumerPerson.id}`,
    );
    expect(explained.status).toBe(200);
    expect((explained.body as { redactedFields: string[] }).redactedFields.toSorted()).toEqual(
      redacted.toSorted(),
    );
    expect(JSON.stringify(explained.body)).not.toContain('inner private answer');

    // The learner concerned reads it whole (self access), SubStatement included.
    const own = await (await signIn(lms.tenantId, 'ana'))('GET', `/xapi/statements?statementId=${ids[0]}`);
    expect(own.status).toBe(200);
    expect((own.body as Statement & { object: { result: unknown } }).object.result).toEqual(secrets.result);
  });

  it('a redactable part outside the fixed list is refused at policy creation with 400', async () => {
    const t = await aTenant();
    for (const field of ['actor', 'result', 'result.response.x', 'object.id']) {
      const res = await t.admin('POST', '/api/v1/policies', policy([field]));
      expect(res.status, field).toBe(400);
    }
    expect(
      (await t.admin('POST', '/api/v1/policies', policy(['result.response', 'result.response']))).status,
    ).toBe(400);
  });
});
