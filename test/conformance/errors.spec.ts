// xAPI 2.0 Communication §3.2 (Error Codes): a body larger than the LRS accepts is a 413 with a
// message, and nothing is stored; hostile input is a 400, never a 5xx (docs/conformance.md "Limits on input").
import { randomBytes, randomUUID } from 'node:crypto';

import { aStatement, xapiClient } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const small = useConformanceLrs({ CUSTOS_GATEWAY__BODY_LIMIT: '4kb' });

describe('request too large (Communication §3.2)', () => {
  it('answers 413 with a message and stores nothing', async () => {
    const xapi = await small.client();
    const batch = Array.from({ length: 40 }, () => aStatement());
    const res = await xapi.postStatements(batch);
    expect(res.status).toBe(413);
    expect((res.body as unknown as { message: string }).message).toMatch(/too large/);
    expect((await xapi.getStatements()).body.statements).toEqual([]);
    expect((await xapi.postStatements(aStatement())).status).toBe(200);
  });
});

// docs/conformance.md "Limits on input": hostile input is a 400 naming what is wrong (or stored exactly), never
// a 5xx, and nothing of it is stored. Against an LRS with the default body limit.
describe('hostile input (Communication §3.2: 400 for a malformed request, never a 5xx)', () => {
  const lrs = useConformanceLrs();

  /** JSON text nesting `levels` arrays, far beyond the limit of 100. */
  const deep = (levels = 20_000) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  /** A statement whose extension nests `levels` arrays deep (the statement itself adds 4 levels). */
  const deepStatement = (levels = 20_000) =>
    `{"actor":{"mbox":"mailto:deep@example.org"},"verb":{"id":"http://example.org/v"},` +
    `"object":{"id":"http://example.org/a"},"result":{"extensions":{"http://example.org/x":${deep(levels)}}}}`;
  const basic = (key: string, secret: string) =>
    `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  const message = (body: unknown) => JSON.stringify(body);

  async function json(
    method: string,
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${lrs.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', ...headers },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** A client with the `all` scope, and its Authorization header for hand-made requests. */
  async function aClient() {
    const c = await lrs.credentials.create(['all']);
    return Object.assign(xapiClient(lrs.baseUrl, c.key, c.secret), { authorization: basic(c.key, c.secret) });
  }

  async function anAdmin() {
    const tenant = `tenant-${randomBytes(5).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await lrs.people.create(tenant, { username: 'admin', password, roles: ['admin'] });
    return { tenant, ...(await lrs.signIn(tenant, 'admin', password)) };
  }

  describe('JSON nested deeper than 100 levels is a 400 on every JSON endpoint', () => {
    it('statements: POST, PUT and a multipart statements part; nothing stored', async () => {
      const xapi = await aClient();
      const auth = { Authorization: xapi.authorization };
      const post = await json('POST', '/xapi/statements', deepStatement(), auth);
      const put = await json('PUT', `/xapi/statements?statementId=${randomUUID()}`, deepStatement(), auth);
      const boundary = 'deep-boundary';
      const multipart = await fetch(`${lrs.baseUrl}/xapi/statements`, {
        method: 'POST',
        headers: {
          ...auth,
          'X-Experience-API-Version': '1.0.3',
          'Content-Type': `multipart/mixed; boundary=${boundary}`,
        },
        body: `--${boundary}\r\nContent-Type: application/json\r\n\r\n${deepStatement()}\r\n--${boundary}--`,
      });
      for (const res of [post, put]) {
        expect(res.status).toBe(400);
        expect(message(res.body)).toMatch(/more than 100 levels/);
      }
      expect(multipart.status).toBe(400);
      expect(await multipart.text()).toMatch(/statements part nests .* more than 100 levels/);
      expect((await xapi.getStatements()).body.statements).toEqual([]);
    });

    it('accepts a statement whose extension nests 90 levels, and returns it unchanged', async () => {
      const xapi = await aClient();
      const id = randomUUID();
      const statement = JSON.parse(deepStatement(90)) as Record<string, unknown>;
      expect(
        (await xapi.request('PUT', `/xapi/statements?statementId=${id}`, { body: statement })).status,
      ).toBe(204);
      const read = await xapi.request<Record<string, unknown>>('GET', `/xapi/statements?statementId=${id}`);
      expect(read.body['result']).toEqual(statement['result']);
    });

    it('a JSON document, the agent parameter and the alternate-syntax content field; nothing stored', async () => {
      const xapi = await aClient();
      const auth = { Authorization: xapi.authorization };
      const agent = JSON.stringify({ mbox: 'mailto:deep@example.org' });
      const state = `/xapi/activities/state?activityId=${encodeURIComponent('http://example.org/a')}&agent=${encodeURIComponent(agent)}&stateId=s1`;
      const document = await json('PUT', state, deep(), auth);
      expect(document.status).toBe(400);
      expect(message(document.body)).toMatch(/document nests .* more than 100 levels/);
      expect((await xapi.request('GET', state)).status).toBe(404);

      // A URL holds at most 16 kB, so 2,000 levels here; the form below carries 20,000.
      const deepAgent = `{"mbox":"mailto:a@example.org","x":${deep(2_000)}}`;
      const byAgent = await xapi.request('GET', `/xapi/statements?agent=${encodeURIComponent(deepAgent)}`);
      expect(byAgent.status).toBe(400);
      expect(message(byAgent.body)).toMatch(/agent parameter nests .* more than 100 levels/);

      const form = await fetch(`${lrs.baseUrl}/xapi/statements?method=PUT`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          statementId: randomUUID(),
          Authorization: xapi.authorization,
          'X-Experience-API-Version': '1.0.3',
          'Content-Type': 'application/json',
          content: deepStatement(),
        }).toString(),
      });
      expect(form.status).toBe(400);
      expect(await form.text()).toMatch(/more than 100 levels/);
      const formAgent = await fetch(`${lrs.baseUrl}/xapi/statements?method=GET`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          Authorization: xapi.authorization,
          'X-Experience-API-Version': '1.0.3',
          agent: `{"mbox":"mailto:a@example.org","x":${deep()}}`,
        }).toString(),
      });
      expect(formAgent.status).toBe(400);
      expect(await formAgent.text()).toMatch(/agent parameter nests .* more than 100 levels/);
      expect((await xapi.getStatements()).body.statements).toEqual([]);
    });

    it('/api/v1 bodies, login (before authentication) included', async () => {
      const login = await json('POST', '/api/v1/auth/login', deep());
      expect(login.status).toBe(400);
      expect(message(login.body)).toMatch(/more than 100 levels/);
      const admin = await anAdmin();
      const policy = await json('POST', '/api/v1/policies', `{"scope":${deep()}}`, {
        Authorization: `Bearer ${admin.token}`,
      });
      expect(policy.status).toBe(400);
      expect(message(policy.body)).toMatch(/more than 100 levels/);
      expect((await admin.call('GET', '/api/v1/policies')).body).toEqual([]);
    });
  });

  describe('values of any length in indexed fields are stored and read back', () => {
    const long = (prefix: string, length: number) => `${prefix}${'x'.repeat(length - prefix.length)}`;

    it('a 2 MB verb IRI and activity id: stored, read back by id and by filter', async () => {
      const xapi = await aClient();
      const verb = { id: long('http://example.org/verbs/', 2_000_000) };
      const object = { id: long('http://example.org/activities/', 2_000_000), objectType: 'Activity' };
      const parent = { id: long('http://example.org/courses/', 2_000_000), objectType: 'Activity' };
      const [id] = (
        await xapi.postStatements(
          aStatement({ verb, object, context: { contextActivities: { parent: [parent] } } }),
        )
      ).body as [string];
      expect(id).toBeDefined();
      const read = await xapi.request<{ verb: unknown; object: unknown }>(
        'GET',
        `/xapi/statements?statementId=${id}`,
      );
      expect(read.status).toBe(200);
      expect(read.body.verb).toEqual(verb);
      expect(read.body.object).toMatchObject(object);

      // A URL carries at most 16 kB, so the filters are read with IRIs past the index entry limit (2.7 kB).
      const midVerb = { id: long('http://example.org/verbs/', 10_000) };
      const midObject = { id: long('http://example.org/activities/', 10_000), objectType: 'Activity' };
      const [midId] = (await xapi.postStatements(aStatement({ verb: midVerb, object: midObject }))).body as [
        string,
      ];
      const byVerb = await xapi.getStatements({ verb: midVerb.id });
      expect(byVerb.body.statements.map((s) => s.id)).toEqual([midId]);
      const byActivity = await xapi.getStatements({ activity: midObject.id });
      expect(byActivity.body.statements.map((s) => s.id)).toEqual([midId]);
      const definition = await xapi.request<{ id: string }>(
        'GET',
        `/xapi/activities?activityId=${encodeURIComponent(midObject.id)}`,
      );
      expect(definition.status).toBe(200);
      expect(definition.body.id).toBe(midObject.id);
    });

    it('a State document whose stateId and activityId are longer than an index entry', async () => {
      const xapi = await aClient();
      const agent = encodeURIComponent(JSON.stringify({ mbox: 'mailto:long@example.org' }));
      const activityId = encodeURIComponent(long('http://example.org/activities/', 5_000));
      const state = `/xapi/activities/state?activityId=${activityId}&agent=${agent}`;
      const stateId = long('state-', 5_000);
      const put = await xapi.request('PUT', `${state}&stateId=${stateId}`, { body: { progress: 1 } });
      expect(put.status).toBe(204);
      const post = await xapi.request('POST', `${state}&stateId=${stateId}`, { body: { more: 2 } });
      expect(post.status).toBe(204);
      const got = await xapi.request('GET', `${state}&stateId=${stateId}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual({ progress: 1, more: 2 });
      const ids = await xapi.request('GET', state);
      expect(ids.body).toEqual([stateId]);
    });
  });

  describe('text PostgreSQL cannot hold (U+0000, lone surrogates) is a 400 naming where it is', () => {
    it('statement strings and property names; nothing stored', async () => {
      const xapi = await aClient();
      const nul = await xapi.postStatements(aStatement({ result: { response: 'a\u0000b' } }));
      expect(nul.status).toBe(400);
      expect(message(nul.body)).toContain('statement.result.response');
      expect(message(nul.body)).toMatch(/U\+0000/);
      const surrogate = await xapi.postStatements([
        aStatement(),
        aStatement({ result: { response: 'a\ud800b' } }),
      ]);
      expect(surrogate.status).toBe(400);
      expect(message(surrogate.body)).toContain('statements[1].result.response');
      const key = await xapi.postStatements(
        aStatement({ result: { extensions: { 'http://example.org/x': { 'a\u0000': 1 } } } }),
      );
      expect(key.status).toBe(400);
      expect(message(key.body)).toMatch(/property name contains the character U\+0000/);
      expect((await xapi.getStatements()).body.statements).toEqual([]);
    });

    it('an agent parameter whose identifier holds U+0000 or a lone surrogate, as a statement would', async () => {
      const xapi = await aClient();
      for (const name of ['a\\u0000b', 'a\\ud800b']) {
        const agent = encodeURIComponent(`{"account":{"homePage":"http://example.org","name":"${name}"}}`);
        const state = `/xapi/activities/state?activityId=http%3A%2F%2Fexample.org%2Fa&stateId=s&agent=${agent}`;
        for (const res of [
          await xapi.request('GET', `/xapi/statements?agent=${agent}`),
          await xapi.request('PUT', state, { body: { a: 1 } }),
        ]) {
          expect(res.status).toBe(400);
          expect(res.text).toContain('agent.account.name');
        }
      }
    });

    it('login username and tenant, and a Basic key, before authentication', async () => {
      const username = await json(
        'POST',
        '/api/v1/auth/login',
        message({ tenant: 't', username: 'a\u0000', password: 'x' }),
      );
      expect(username.status).toBe(400);
      expect(message(username.body)).toContain('"path":"username"');
      const tenant = await json(
        'POST',
        '/api/v1/auth/login',
        message({ tenant: 't\u0000', username: 'a', password: 'x' }),
      );
      expect(tenant.status).toBe(400);
      expect(message(tenant.body)).toContain('"path":"tenant"');
      const key = await fetch(`${lrs.baseUrl}/xapi/statements`, {
        headers: { Authorization: basic('key\u0000', 'secret'), 'X-Experience-API-Version': '1.0.3' },
      });
      expect(key.status).toBe(400);
      expect(await key.text()).toMatch(/Authorization header/);
    });

    it('policy purpose and prefix, person name, group name; nothing created', async () => {
      const admin = await anAdmin();
      const auth = { Authorization: `Bearer ${admin.token}` };
      const policy = (purpose: string, prefix: string) =>
        message({
          grantee: { kind: 'role', id: 'consumer' },
          purpose: { code: 'tutoring', text: purpose },
          lawfulBasis: 'consent',
          scope: { activityPrefixes: [prefix] },
        });
      const purpose = await json('POST', '/api/v1/policies', policy('a\u0000', 'http://example.org/'), auth);
      expect(purpose.status).toBe(400);
      expect(message(purpose.body)).toContain('purpose.text');
      const prefix = await json(
        'POST',
        '/api/v1/policies',
        policy('tutoring', 'http://example.org/\u0000'),
        auth,
      );
      expect(prefix.status).toBe(400);
      expect(message(prefix.body)).toContain('scope.activityPrefixes[0]');
      const person = await json(
        'POST',
        '/api/v1/people',
        message({ username: 'ben', displayName: 'Ben\u0000', roles: ['learner'] }),
        auth,
      );
      expect(person.status).toBe(400);
      expect(message(person.body)).toContain('displayName');
      const group = await json('POST', '/api/v1/groups', message({ name: 'g\u0000' }), auth);
      expect(group.status).toBe(400);
      expect(message(group.body)).toContain('"path":"name"');
      expect((await admin.call('GET', '/api/v1/policies')).body).toEqual([]);
      expect((await admin.call('GET', '/api/v1/groups')).body).toEqual([]);
      const people = (await admin.call('GET', '/api/v1/people')).body as { username: string }[];
      expect(people.map((p) => p.username)).toEqual(['admin']);
    });

    it('a NUL in a query parameter or the path: a 400 naming it', async () => {
      const xapi = await aClient();
      const agent = encodeURIComponent(JSON.stringify({ mbox: 'mailto:nul@example.org' }));
      const res = await xapi.request(
        'PUT',
        `/xapi/activities/state?activityId=http%3A%2F%2Fexample.org%2Fa&agent=${agent}&stateId=a%00b`,
        { body: { a: 1 } },
      );
      expect(res.status).toBe(400);
      expect(message(res.body)).toMatch(/stateId parameter contains the character U\+0000/);
      const admin = await anAdmin();
      expect((await admin.call('GET', '/api/v1/policies/a%00b/history')).status).toBe(400);

      // The alternate request syntax: a header field from the form, and a parameter field.
      const form = (fields: Record<string, string>) =>
        fetch(`${lrs.baseUrl}/xapi/activities/state?method=PUT`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            activityId: 'http://example.org/a',
            agent: JSON.stringify({ mbox: 'mailto:nul@example.org' }),
            stateId: 's',
            Authorization: xapi.authorization,
            'X-Experience-API-Version': '1.0.3',
            content: 'x',
            ...fields,
          }).toString(),
        });
      const header = await form({ 'Content-Type': 'text/plain\u0000' });
      expect(header.status).toBe(400);
      expect(await header.text()).toMatch(/Content-Type form field contains the character U\+0000/);
      const param = await form({ stateId: 's\u0000' });
      expect(param.status).toBe(400);
      expect(await param.text()).toMatch(/stateId parameter/);
    });
  });
});
