// Bad input gets a 400 with a message that says what is wrong, and nothing is stored; hostile input
// (docs/conformance.md "Limits on input") never a 5xx, across NATS between separate processes.
import { randomBytes, randomUUID } from 'node:crypto';

import { aStatement, type Cluster, startCluster, xapiClient, type XapiClient } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant, type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
let cluster: Cluster;
let credentials: CredentialFactory;
let people: PeopleFactory;
let xapi: XapiClient;
let authorization: string;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl: inject('natsUrl') });
  credentials = await credentialFactory(databaseUrl);
  people = await peopleFactory(databaseUrl);
  const c = await credentials.create(['all']);
  xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
  authorization = `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;
});

afterAll(async () => {
  await cluster?.stop();
  await credentials?.close();
  await people?.close();
});

async function send(
  method: string,
  path: string,
  body: string,
  headers: Record<string, string> = { Authorization: authorization },
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${cluster.baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', ...headers },
    body: body === '' ? undefined : body,
  });
  return { status: res.status, text: await res.text() };
}

const deep = (levels = 20_000) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

async function expectNothingStored(): Promise<void> {
  const res = await xapi.getStatements();
  expect(res.status).toBe(200);
  expect(res.body.statements).toEqual([]);
}

describe('bad input', () => {
  it('rejects malformed JSON with 400', async () => {
    const res = await xapi.request<{ message: string }>('POST', '/xapi/statements', {
      rawBody: '{"actor": {"mbox": "mailto:a@example.org"}, ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/not valid JSON/);
    await expectNothingStored();
  });

  it('rejects a statement without a verb, naming the property', async () => {
    const { verb: _verb, ...noVerb } = aStatement();
    const res = await xapi.postStatements(noVerb);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/verb/);
    await expectNothingStored();
  });

  it('stores nothing of a batch in which one statement is invalid', async () => {
    const { verb: _verb, ...noVerb } = aStatement();
    const res = await xapi.postStatements([aStatement(), aStatement(), noVerb]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/statements\[2\]/);
    await expectNothingStored();
  });

  it('rejects a request without X-Experience-API-Version', async () => {
    const res = await xapi.request<{ message: string }>('POST', '/xapi/statements', {
      body: aStatement(),
      headers: { 'X-Experience-API-Version': '' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/X-Experience-API-Version/);
    await expectNothingStored();
  });

  it('rejects an unsupported version', async () => {
    const res = await xapi.request('GET', '/xapi/statements', {
      headers: { 'X-Experience-API-Version': '0.9' },
    });
    expect(res.status).toBe(400);
  });

  it('rejects an unknown query parameter', async () => {
    const res = await xapi.request<{ message: string }>('GET', '/xapi/statements?colour=blue');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/colour/);
  });
});

describe('hostile input in distributed mode', () => {
  it('refuses JSON nested 20,000 levels deep on statements, documents, login and /api/v1 bodies', async () => {
    const statement = `{"actor":{"mbox":"mailto:deep@example.org"},"verb":{"id":"http://example.org/v"},"object":{"id":"http://example.org/a"},"result":{"extensions":{"http://example.org/x":${deep()}}}}`;
    const agent = encodeURIComponent(JSON.stringify({ mbox: 'mailto:deep@example.org' }));
    const state = `/xapi/activities/state?activityId=http%3A%2F%2Fexample.org%2Fa&agent=${agent}&stateId=s`;
    const tenant = aTenant();
    const password = randomBytes(12).toString('hex');
    await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
    const login = await send(
      'POST',
      '/api/v1/auth/login',
      JSON.stringify({ tenant, username: 'admin', password }),
      {},
    );
    const token = (JSON.parse(login.text) as { access_token: string }).access_token;
    const results = [
      await send('POST', '/xapi/statements', statement),
      await send('PUT', state, deep()),
      await send('POST', '/api/v1/auth/login', deep(), {}),
      await send('POST', '/api/v1/groups', `{"name":${deep()}}`, { Authorization: `Bearer ${token}` }),
    ];
    for (const res of results) {
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/more than 100 levels/);
    }
    expect((await xapi.request('GET', state)).status).toBe(404);
    await expectNothingStored();
  });

  it('stores a statement with a 2 MB verb IRI and reads it back, by id and (with a 10 kB IRI) by verb', async () => {
    const c = await credentials.create(['all']);
    const own = xapiClient(cluster.baseUrl, c.key, c.secret);
    const verb = { id: `http://example.org/verbs/${'v'.repeat(2_000_000)}` };
    const [id] = (await own.postStatements(aStatement({ verb }))).body as [string];
    const read = await own.request<{ verb: unknown }>('GET', `/xapi/statements?statementId=${id}`);
    expect(read.status).toBe(200);
    expect(read.body.verb).toEqual(verb);
    const midVerb = { id: `http://example.org/verbs/${'m'.repeat(10_000)}` };
    const [midId] = (await own.postStatements(aStatement({ verb: midVerb }))).body as [string];
    const byVerb = await own.getStatements({ verb: midVerb.id });
    expect(byVerb.body.statements.map((s) => s.id)).toEqual([midId]);
  });

  it('refuses U+0000 in a statement, a login, a Basic key and a query parameter with a 400 naming it', async () => {
    const statement = await xapi.postStatements(aStatement({ result: { response: 'a\u0000b' } }));
    expect(statement.status).toBe(400);
    expect(JSON.stringify(statement.body)).toContain('statement.result.response');
    const login = await send(
      'POST',
      '/api/v1/auth/login',
      JSON.stringify({ tenant: 't\u0000', username: 'u', password: 'p' }),
      {},
    );
    expect(login.status).toBe(400);
    expect(login.text).toContain('"path":"tenant"');
    const basic = await send('GET', '/xapi/statements', '', {
      Authorization: `Basic ${Buffer.from('k\u0000:s').toString('base64')}`,
    });
    expect(basic.status).toBe(400);
    const param = await xapi.request(
      'GET',
      `/xapi/activities/state?activityId=x&stateId=%00&agent=${randomUUID()}`,
    );
    expect(param.status).toBe(400);
    await expectNothingStored();
  });
});
