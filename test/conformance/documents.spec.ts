// xAPI 1.0.3 Communication §2.2 (Document Resources), §2.3 (State), §2.6 (Agent Profile), §2.7 (Activity
// Profile), §3.1 (Concurrency), §4.2 (scopes) and IEEE 9274.1.1 (xAPI 2.0) §4.1.4, §4.1.6.2, §4.1.6.5,
// §4.1.6.6 — the Document Resources over HTTP, plus Custos's access and audit rules for them.
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
});
afterAll(async () => {
  await db?.end();
});

const STATE = '/xapi/activities/state';
const ACTIVITY_PROFILE = '/xapi/activities/profile';
const AGENT_PROFILE = '/xapi/agents/profile';

interface DocResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
  json: () => unknown;
}

interface DocClient {
  tenantId: string;
  send: (
    method: string,
    path: string,
    params: Record<string, string>,
    options?: {
      body?: unknown;
      raw?: Buffer | string;
      contentType?: string;
      headers?: Record<string, string>;
    },
  ) => Promise<DocResponse>;
}

/** A client with a fresh tenant (or the given one) and the given scopes. */
async function docClient(
  options: { scopes?: string[]; version?: string; tenantId?: string } = {},
): Promise<DocClient> {
  const { scopes = ['all'], version = '2.0.0' } = options;
  const credential = await lrs.credentials.create(scopes, options.tenantId);
  const auth = `Basic ${Buffer.from(`${credential.key}:${credential.secret}`).toString('base64')}`;
  return {
    tenantId: credential.tenantId,
    send: async (method, path, params, { body, raw, contentType, headers = {} } = {}) => {
      const all: Record<string, string> = {
        Authorization: auth,
        'X-Experience-API-Version': version,
        ...headers,
      };
      let payload: Buffer | string | undefined = raw;
      if (body !== undefined) {
        payload = JSON.stringify(body);
        all['Content-Type'] = 'application/json';
      }
      if (contentType !== undefined) all['Content-Type'] = contentType;
      const res = await fetch(`${lrs.baseUrl}${path}?${new URLSearchParams(params).toString()}`, {
        method,
        headers: all,
        body: payload,
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      return {
        status: res.status,
        headers: res.headers,
        bytes,
        text,
        json: () => JSON.parse(text) as unknown,
      };
    },
  };
}

const learner = () => ({ objectType: 'Agent', mbox: `mailto:learner-${randomUUID()}@example.org` });
const anActivityId = () => `https://example.org/activities/${randomUUID()}`;

/** Parameters of one State document of a fresh learner and activity. */
const stateOf = (overrides: Record<string, string> = {}) => ({
  activityId: anActivityId(),
  agent: JSON.stringify(learner()),
  stateId: `state-${randomUUID()}`,
  ...overrides,
});

const sha1 = (bytes: Buffer | string) => createHash('sha1').update(bytes).digest('hex');

const auditCount = async (tenantId: string, decision: 'allow' | 'deny'): Promise<number> => {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM storage.audit_record WHERE tenant_id = $1 AND decision = $2 AND action = 'documents.read'`,
    [tenantId, decision],
  );
  return Number(rows[0]!.n);
};

describe.each(['1.0.3', '2.0.0'])('State Resource with X-Experience-API-Version %s', (version) => {
  it('stores a document with PUT (204) and returns it with GET (200) (Communication §2.3)', async () => {
    const xapi = await docClient({ version });
    const params = stateOf();
    expect((await xapi.send('PUT', STATE, params, { body: { bookmark: 'page-7' } })).status).toBe(204);
    const got = await xapi.send('GET', STATE, params);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toMatch(/^application\/json/);
    expect(got.json()).toEqual({ bookmark: 'page-7' });
  });

  it('stores a document that does not exist yet on POST, as a PUT would (Communication §2.2)', async () => {
    const xapi = await docClient({ version });
    const params = stateOf();
    expect((await xapi.send('POST', STATE, params, { body: { score: 3 } })).status).toBe(204);
    expect((await xapi.send('GET', STATE, params)).json()).toEqual({ score: 3 });
  });

  it('merges a POSTed JSON Object into the stored one, top-level properties only (Communication §2.2)', async () => {
    const xapi = await docClient({ version });
    const params = stateOf();
    await xapi.send('POST', STATE, params, { body: { x: 'foo', y: 'bar', nested: { a: 1 } } });
    expect(
      (await xapi.send('POST', STATE, params, { body: { x: 'bash', z: 'faz', nested: { b: 2 } } })).status,
    ).toBe(204);
    expect((await xapi.send('GET', STATE, params)).json()).toEqual({
      x: 'bash',
      y: 'bar',
      z: 'faz',
      nested: { b: 2 },
    });
  });

  it('deletes one document with DELETE and stateId (Communication §2.3)', async () => {
    const xapi = await docClient({ version });
    const params = stateOf();
    await xapi.send('PUT', STATE, params, { body: { a: 1 } });
    expect((await xapi.send('DELETE', STATE, params)).status).toBe(204);
    expect((await xapi.send('GET', STATE, params)).status).toBe(404);
  });
});

describe('State Resource (Communication §2.3, IEEE 9274.1.1 §4.1.6.2)', () => {
  it('answers 404 for a document that does not exist (Communication §3.2)', async () => {
    const xapi = await docClient();
    expect((await xapi.send('GET', STATE, stateOf())).status).toBe(404);
  });

  it('answers 400 to a POST that would merge a non-JSON document into a JSON one, and keeps it (Communication §2.2)', async () => {
    const xapi = await docClient();
    const params = stateOf();
    await xapi.send('POST', STATE, params, { body: { kept: true } });
    const res = await xapi.send('POST', STATE, params, { raw: 'abcdefg', contentType: 'text/plain' });
    expect(res.status).toBe(400);
    expect((await xapi.send('GET', STATE, params)).json()).toEqual({ kept: true });
  });

  it('answers 400 to a POSTed JSON Object when the stored document is not JSON, and keeps it (Communication §2.2)', async () => {
    const xapi = await docClient();
    const params = stateOf();
    await xapi.send('PUT', STATE, params, {
      raw: '/ asdf / undefined',
      contentType: 'application/octet-stream',
    });
    expect((await xapi.send('POST', STATE, params, { body: { a: 1 } })).status).toBe(400);
    const got = await xapi.send('GET', STATE, params);
    expect(got.text).toBe('/ asdf / undefined');
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('answers 400 to a POST whose application/json body is not a JSON Object, and keeps the document (Communication §2.2)', async () => {
    const xapi = await docClient();
    const params = stateOf();
    await xapi.send('POST', STATE, params, { body: { kept: true } });
    expect(
      (await xapi.send('POST', STATE, params, { raw: '{"a":1}{', contentType: 'application/json' })).status,
    ).toBe(400);
    expect((await xapi.send('POST', STATE, params, { body: [1, 2] })).status).toBe(400);
    expect((await xapi.send('GET', STATE, params)).json()).toEqual({ kept: true });
  });

  it('stores any content type byte for byte and returns it with that type (Communication §2.2: arbitrary binary data)', async () => {
    const xapi = await docClient();
    const params = stateOf();
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x7b, 0x22, 0x00, 0x01]);
    expect(
      (await xapi.send('PUT', STATE, params, { raw: bytes, contentType: 'image/x-custom' })).status,
    ).toBe(204);
    const got = await xapi.send('GET', STATE, params);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/x-custom');
    expect(got.bytes.equals(bytes)).toBe(true);
  });

  it('lists the stateIds of an Activity and Agent with GET without stateId (Communication §2.3)', async () => {
    const xapi = await docClient();
    const context = { activityId: anActivityId(), agent: JSON.stringify(learner()) };
    await xapi.send('PUT', STATE, { ...context, stateId: 'a' }, { body: { n: 1 } });
    await xapi.send('PUT', STATE, { ...context, stateId: 'b' }, { body: { n: 2 } });
    await xapi.send(
      'PUT',
      STATE,
      { ...stateOf({ activityId: context.activityId }), stateId: 'other-agent' },
      {
        body: { n: 3 },
      },
    );
    const res = await xapi.send('GET', STATE, context);
    expect(res.status).toBe(200);
    expect((res.json() as string[]).toSorted()).toEqual(['a', 'b']);
  });

  it('lists only the documents updated after since, exclusive (Communication §2.3)', async () => {
    const xapi = await docClient();
    const context = { activityId: anActivityId(), agent: JSON.stringify(learner()) };
    await xapi.send('PUT', STATE, { ...context, stateId: 'before' }, { body: { n: 1 } });
    await sleep(30);
    const since = new Date().toISOString();
    await sleep(30);
    await xapi.send('PUT', STATE, { ...context, stateId: 'after' }, { body: { n: 2 } });
    expect((await xapi.send('GET', STATE, { ...context, since })).json()).toEqual(['after']);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await xapi.send('GET', STATE, { ...context, since: future })).json()).toEqual([]);
  });

  it('keeps a document per registration, and lists every registration when none is given (Communication §2.3)', async () => {
    const xapi = await docClient();
    const registration = randomUUID();
    const params = stateOf();
    await xapi.send('PUT', STATE, params, { body: { without: true } });
    await xapi.send('PUT', STATE, { ...params, registration }, { body: { with: true } });
    expect((await xapi.send('GET', STATE, params)).json()).toEqual({ without: true });
    expect((await xapi.send('GET', STATE, { ...params, registration })).json()).toEqual({ with: true });
    const { stateId: _, ...context } = params;
    expect((await xapi.send('GET', STATE, context)).json()).toEqual([params.stateId]);
    expect((await xapi.send('GET', STATE, { ...context, registration })).json()).toEqual([params.stateId]);
  });

  it('deletes every document of an Activity and Agent with DELETE without stateId (Communication §2.3)', async () => {
    const xapi = await docClient();
    const context = { activityId: anActivityId(), agent: JSON.stringify(learner()) };
    const other = stateOf({ activityId: context.activityId });
    await xapi.send('PUT', STATE, { ...context, stateId: 'a' }, { body: { n: 1 } });
    await xapi.send(
      'PUT',
      STATE,
      { ...context, stateId: 'b', registration: randomUUID() },
      { body: { n: 2 } },
    );
    await xapi.send('PUT', STATE, other, { body: { n: 3 } });
    expect((await xapi.send('DELETE', STATE, context)).status).toBe(204);
    expect((await xapi.send('GET', STATE, context)).json()).toEqual([]);
    expect((await xapi.send('GET', STATE, other)).status).toBe(200);
  });

  it('answers HEAD like GET, without a body (Communication §1.1)', async () => {
    const xapi = await docClient();
    const params = stateOf();
    await xapi.send('PUT', STATE, params, { body: { a: 1 } });
    const head = await xapi.send('HEAD', STATE, params);
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(`"${sha1('{"a":1}')}"`);
    expect(head.bytes.length).toBe(0);
  });
});

describe('Activity Profile Resource (Communication §2.7, IEEE 9274.1.1 §4.1.6.6)', () => {
  it('stores, returns and deletes a profile document (Communication §2.7)', async () => {
    const xapi = await docClient();
    const params = { activityId: anActivityId(), profileId: 'settings' };
    const put = await xapi.send('PUT', ACTIVITY_PROFILE, params, {
      body: { difficulty: 'hard' },
      headers: { 'If-None-Match': '*' },
    });
    expect(put.status).toBe(204);
    expect((await xapi.send('GET', ACTIVITY_PROFILE, params)).json()).toEqual({ difficulty: 'hard' });
    expect((await xapi.send('DELETE', ACTIVITY_PROFILE, params)).status).toBe(204);
    expect((await xapi.send('GET', ACTIVITY_PROFILE, params)).status).toBe(404);
  });

  it('lists the profileIds of an Activity with GET without profileId (Communication §2.7)', async () => {
    const xapi = await docClient();
    const activityId = anActivityId();
    await xapi.send('POST', ACTIVITY_PROFILE, { activityId, profileId: 'p1' }, { body: { a: 1 } });
    await xapi.send('POST', ACTIVITY_PROFILE, { activityId, profileId: 'p2' }, { body: { a: 2 } });
    await xapi.send(
      'POST',
      ACTIVITY_PROFILE,
      { activityId: anActivityId(), profileId: 'p3' },
      { body: { a: 3 } },
    );
    expect(
      ((await xapi.send('GET', ACTIVITY_PROFILE, { activityId })).json() as string[]).toSorted(),
    ).toEqual(['p1', 'p2']);
  });

  it('answers 400 to DELETE without profileId (Communication §2.7: profileId required)', async () => {
    const xapi = await docClient();
    expect((await xapi.send('DELETE', ACTIVITY_PROFILE, { activityId: anActivityId() })).status).toBe(400);
  });
});

describe('Agent Profile Resource (Communication §2.6, IEEE 9274.1.1 §4.1.6.5)', () => {
  it('stores, returns and deletes a profile document (Communication §2.6)', async () => {
    const xapi = await docClient();
    const params = { agent: JSON.stringify(learner()), profileId: 'preferences' };
    expect((await xapi.send('PUT', AGENT_PROFILE, params, { body: { language: 'fr' } })).status).toBe(204);
    expect((await xapi.send('GET', AGENT_PROFILE, params)).json()).toEqual({ language: 'fr' });
    expect((await xapi.send('DELETE', AGENT_PROFILE, params)).status).toBe(204);
    expect((await xapi.send('GET', AGENT_PROFILE, params)).status).toBe(404);
  });

  it('finds a document by the agent identifier, whatever else the Agent object says (Data §2.4.2.3)', async () => {
    const xapi = await docClient();
    const id = randomUUID();
    await xapi.send(
      'PUT',
      AGENT_PROFILE,
      { agent: JSON.stringify({ mbox: `mailto:ann-${id}@EXAMPLE.org`, name: 'Ann' }), profileId: 'p' },
      { body: { a: 1 } },
    );
    const asGroup = JSON.stringify({ objectType: 'Group', mbox: `mailto:ann-${id}@example.org` });
    expect((await xapi.send('GET', AGENT_PROFILE, { agent: asGroup, profileId: 'p' })).json()).toEqual({
      a: 1,
    });
  });

  it('lists the profileIds of an Agent with GET without profileId (Communication §2.6)', async () => {
    const xapi = await docClient();
    const agent = JSON.stringify(learner());
    await xapi.send('PUT', AGENT_PROFILE, { agent, profileId: 'p1' }, { body: { a: 1 } });
    await xapi.send('PUT', AGENT_PROFILE, { agent, profileId: 'p2' }, { body: { a: 2 } });
    await xapi.send(
      'PUT',
      AGENT_PROFILE,
      { agent: JSON.stringify(learner()), profileId: 'p3' },
      { body: {} },
    );
    expect(((await xapi.send('GET', AGENT_PROFILE, { agent })).json() as string[]).toSorted()).toEqual([
      'p1',
      'p2',
    ]);
  });
});

describe('Document Resource parameters (Communication §2.3, §2.6, §2.7; Data §2.2)', () => {
  it('answers 400 to an unknown parameter', async () => {
    const xapi = await docClient();
    expect((await xapi.send('PUT', STATE, { ...stateOf(), profileId: 'x' }, { body: {} })).status).toBe(400);
    expect(
      (await xapi.send('GET', AGENT_PROFILE, { agent: JSON.stringify(learner()), foo: 'bar' })).status,
    ).toBe(400);
  });

  it('answers 400 when the agent parameter is missing', async () => {
    const xapi = await docClient();
    const { agent: _, ...params } = stateOf();
    expect((await xapi.send('GET', STATE, params)).status).toBe(400);
    expect((await xapi.send('PUT', AGENT_PROFILE, { profileId: 'p' }, { body: {} })).status).toBe(400);
  });

  it('answers 400 when the agent is not a JSON Agent with an identifier', async () => {
    const xapi = await docClient();
    for (const agent of ['mailto:ann@example.org', '{"name":"Ann"}', '{"mbox":"ann@example.org"}']) {
      expect((await xapi.send('PUT', STATE, stateOf({ agent }), { body: {} })).status).toBe(400);
    }
  });

  it('answers 400 when activityId is not an IRI', async () => {
    const xapi = await docClient();
    expect((await xapi.send('PUT', STATE, stateOf({ activityId: 'not an iri' }), { body: {} })).status).toBe(
      400,
    );
    expect((await xapi.send('GET', ACTIVITY_PROFILE, { activityId: 'relative/path' })).status).toBe(400);
  });

  it('answers 400 when registration is not a UUID', async () => {
    const xapi = await docClient();
    expect((await xapi.send('PUT', STATE, stateOf({ registration: 'r-1' }), { body: {} })).status).toBe(400);
  });

  it('answers 400 when the stateId is missing on PUT and POST', async () => {
    const xapi = await docClient();
    const { stateId: _, ...params } = stateOf();
    expect((await xapi.send('PUT', STATE, params, { body: {} })).status).toBe(400);
    expect((await xapi.send('POST', STATE, params, { body: {} })).status).toBe(400);
  });

  it('answers 400 when since is not a timestamp', async () => {
    const xapi = await docClient();
    const { stateId: _, ...params } = stateOf();
    expect((await xapi.send('GET', STATE, { ...params, since: 'yesterday' })).status).toBe(400);
  });
});

describe('Concurrency (Communication §3.1, IEEE 9274.1.1 §4.1.4)', () => {
  it('sends the quoted SHA-1 of the contents as ETag, and Last-Modified, on GET (Communication §3.1, §2.2)', async () => {
    const xapi = await docClient();
    const params = stateOf();
    const raw = '{"b": 2,  "a": 1}';
    const before = Date.now();
    await xapi.send('PUT', STATE, params, { raw, contentType: 'application/json' });
    const got = await xapi.send('GET', STATE, params);
    expect(got.headers.get('etag')).toBe(`"${sha1(raw)}"`);
    const modified = Date.parse(got.headers.get('last-modified')!);
    expect(modified).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(modified).toBeLessThanOrEqual(Date.now());
    const list = await xapi.send('GET', STATE, { activityId: params.activityId, agent: params.agent });
    expect(list.headers.get('etag')).toBe(`"${sha1(list.text)}"`);
    expect(list.headers.get('last-modified')).toBe(got.headers.get('last-modified'));
  });

  it('replaces a document on PUT with a matching If-Match, and answers 412 to a stale one (Communication §3.1)', async () => {
    const xapi = await docClient();
    const params = { agent: JSON.stringify(learner()), profileId: 'p' };
    await xapi.send('PUT', AGENT_PROFILE, params, { body: { v: 1 } });
    const etag = (await xapi.send('GET', AGENT_PROFILE, params)).headers.get('etag')!;
    expect(
      (await xapi.send('PUT', AGENT_PROFILE, params, { body: { v: 2 }, headers: { 'If-Match': etag } }))
        .status,
    ).toBe(204);
    expect(
      (await xapi.send('PUT', AGENT_PROFILE, params, { body: { v: 3 }, headers: { 'If-Match': etag } }))
        .status,
    ).toBe(412);
    expect((await xapi.send('GET', AGENT_PROFILE, params)).json()).toEqual({ v: 2 });
  });

  it('creates with If-None-Match: * only when no document exists, else 412 (Communication §3.1)', async () => {
    const xapi = await docClient();
    const params = { activityId: anActivityId(), profileId: 'p' };
    const star = { 'If-None-Match': '*' };
    expect((await xapi.send('PUT', ACTIVITY_PROFILE, params, { body: { v: 1 }, headers: star })).status).toBe(
      204,
    );
    expect((await xapi.send('PUT', ACTIVITY_PROFILE, params, { body: { v: 2 }, headers: star })).status).toBe(
      412,
    );
    expect((await xapi.send('GET', ACTIVITY_PROFILE, params)).json()).toEqual({ v: 1 });
  });

  it('answers 412 to POST and DELETE with a stale If-Match and changes nothing (Communication §3.1)', async () => {
    const xapi = await docClient();
    const params = stateOf();
    await xapi.send('PUT', STATE, params, { body: { v: 1 } });
    const stale = { 'If-Match': `"${sha1('something else')}"` };
    expect((await xapi.send('POST', STATE, params, { body: { w: 1 }, headers: stale })).status).toBe(412);
    expect((await xapi.send('DELETE', STATE, params, { headers: stale })).status).toBe(412);
    expect((await xapi.send('GET', STATE, params)).json()).toEqual({ v: 1 });
  });

  it('answers 400 to a 1.0.3 profile PUT without If-Match or If-None-Match on a new document (1.0.3 §2.6, §2.7)', async () => {
    const xapi = await docClient({ version: '1.0.3' });
    const params = { agent: JSON.stringify(learner()), profileId: 'p' };
    const res = await xapi.send('PUT', AGENT_PROFILE, params, { body: { v: 1 } });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/If-None-Match/);
    expect((await xapi.send('GET', AGENT_PROFILE, params)).status).toBe(404);
    const activityParams = { activityId: 'http://example.org/a', profileId: 'p' };
    expect((await xapi.send('PUT', ACTIVITY_PROFILE, activityParams, { body: { v: 1 } })).status).toBe(400);
  });

  it.each(['1.0.3', '2.0.0'])(
    'answers 409 to a profile PUT without If-Match or If-None-Match on an existing document, in %s (Communication §3.1)',
    async (version) => {
      const xapi = await docClient({ version });
      const params = { agent: JSON.stringify(learner()), profileId: 'p' };
      const create = await xapi.send('PUT', AGENT_PROFILE, params, {
        body: { v: 1 },
        headers: { 'If-None-Match': '*' },
      });
      expect(create.status).toBe(204);
      const conflict = await xapi.send('PUT', AGENT_PROFILE, params, { body: { v: 2 } });
      expect(conflict.status).toBe(409);
      expect(conflict.text).toMatch(/If-Match/);
      expect((await xapi.send('GET', AGENT_PROFILE, params)).json()).toEqual({ v: 1 });
    },
  );

  it('lets a 1.0.3 State PUT without precondition headers replace the document (Communication §3.1: State exempt)', async () => {
    const xapi = await docClient({ version: '1.0.3' });
    const params = stateOf();
    await xapi.send('PUT', STATE, params, { body: { v: 1 } });
    expect((await xapi.send('PUT', STATE, params, { body: { v: 2 } })).status).toBe(204);
    expect((await xapi.send('GET', STATE, params)).json()).toEqual({ v: 2 });
  });

  it('answers 409 to a 2.0.0 State PUT without precondition headers on an existing document (IEEE 9274.1.1 §4.1.4)', async () => {
    const xapi = await docClient({ version: '2.0.0' });
    const params = stateOf();
    await xapi.send('PUT', STATE, params, { body: { v: 1 } });
    expect((await xapi.send('PUT', STATE, params, { body: { v: 2 } })).status).toBe(409);
    expect((await xapi.send('GET', STATE, params)).json()).toEqual({ v: 1 });
  });

  it('lets POST and DELETE without precondition headers change an existing document (Communication §3.1: SHOULD* only)', async () => {
    const xapi = await docClient({ version: '2.0.0' });
    const params = { activityId: anActivityId(), profileId: 'p' };
    await xapi.send('PUT', ACTIVITY_PROFILE, params, { body: { v: 1 } });
    expect((await xapi.send('POST', ACTIVITY_PROFILE, params, { body: { w: 2 } })).status).toBe(204);
    expect((await xapi.send('GET', ACTIVITY_PROFILE, params)).json()).toEqual({ v: 1, w: 2 });
    expect((await xapi.send('DELETE', ACTIVITY_PROFILE, params)).status).toBe(204);
  });

  it('loses no update when many clients POST to one document at once (Communication §2.2 merge)', async () => {
    const xapi = await docClient();
    const params = stateOf();
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const results = await Promise.all(
      keys.map((k) => xapi.send('POST', STATE, params, { body: { [k]: k } })),
    );
    expect(results.map((r) => r.status)).toEqual(keys.map(() => 204));
    expect((await xapi.send('GET', STATE, params)).json()).toEqual(
      Object.fromEntries(keys.map((k) => [k, k])),
    );
  });
});

describe('Document access by scope (Communication §4.2; Custos: default deny)', () => {
  it('lets scope state read and write State documents but not profiles (403)', async () => {
    const xapi = await docClient({ scopes: ['state'] });
    const params = stateOf();
    expect((await xapi.send('PUT', STATE, params, { body: { a: 1 } })).status).toBe(204);
    expect((await xapi.send('GET', STATE, params)).status).toBe(200);
    const profile = { agent: JSON.stringify(learner()), profileId: 'p' };
    expect((await xapi.send('PUT', AGENT_PROFILE, profile, { body: {} })).status).toBe(403);
    expect((await xapi.send('GET', AGENT_PROFILE, profile)).status).toBe(403);
    expect((await xapi.send('GET', ACTIVITY_PROFILE, { activityId: anActivityId() })).status).toBe(403);
  });

  it('lets scope profile read and write both profile kinds but not State (403)', async () => {
    const xapi = await docClient({ scopes: ['profile'] });
    const agentProfile = { agent: JSON.stringify(learner()), profileId: 'p' };
    const activityProfile = { activityId: anActivityId(), profileId: 'p' };
    expect((await xapi.send('PUT', AGENT_PROFILE, agentProfile, { body: { a: 1 } })).status).toBe(204);
    expect((await xapi.send('PUT', ACTIVITY_PROFILE, activityProfile, { body: { a: 1 } })).status).toBe(204);
    expect((await xapi.send('GET', AGENT_PROFILE, agentProfile)).status).toBe(200);
    expect((await xapi.send('GET', ACTIVITY_PROFILE, activityProfile)).status).toBe(200);
    expect((await xapi.send('PUT', STATE, stateOf(), { body: {} })).status).toBe(403);
    expect((await xapi.send('GET', STATE, stateOf())).status).toBe(403);
  });

  it('gives statements/read no document access at all (403 on read and write)', async () => {
    const writer = await docClient();
    const params = stateOf();
    await writer.send('PUT', STATE, params, { body: { a: 1 } });
    const reader = await docClient({
      scopes: ['statements/read', 'statements/write'],
      tenantId: writer.tenantId,
    });
    expect((await reader.send('GET', STATE, params)).status).toBe(403);
    expect((await reader.send('DELETE', STATE, params)).status).toBe(403);
    expect((await reader.send('POST', STATE, params, { body: { b: 2 } })).status).toBe(403);
  });

  it('lets all/read read every kind but write none (403)', async () => {
    const writer = await docClient();
    const params = stateOf();
    await writer.send('PUT', STATE, params, { body: { a: 1 } });
    const reader = await docClient({ scopes: ['all/read'], tenantId: writer.tenantId });
    expect((await reader.send('GET', STATE, params)).json()).toEqual({ a: 1 });
    expect(
      (await reader.send('PUT', STATE, params, { body: { a: 2 }, headers: { 'If-Match': '*' } })).status,
    ).toBe(403);
  });

  it('shows another tenant nothing: 404 for the document, an empty id list', async () => {
    const owner = await docClient();
    const stranger = await docClient();
    const params = stateOf();
    await owner.send('PUT', STATE, params, { body: { secret: true } });
    expect((await stranger.send('GET', STATE, params)).status).toBe(404);
    expect(
      (await stranger.send('GET', STATE, { activityId: params.activityId, agent: params.agent })).json(),
    ).toEqual([]);
    // and its writes land in its own tenant, leaving the owner's document alone
    expect((await stranger.send('PUT', STATE, params, { body: { mine: true } })).status).toBe(204);
    expect((await owner.send('GET', STATE, params)).json()).toEqual({ secret: true });
  });
});

describe('Audit and privacy of learner documents (Custos)', () => {
  it('appends an audit record for every read of a State or Agent Profile document, found or not', async () => {
    const xapi = await docClient();
    const state = stateOf();
    const profile = { agent: JSON.stringify(learner()), profileId: 'p' };
    await xapi.send('PUT', STATE, state, { body: { a: 1 } });
    await xapi.send('PUT', AGENT_PROFILE, profile, { body: { a: 1 } });
    expect(await auditCount(xapi.tenantId, 'allow')).toBe(0);
    await xapi.send('GET', STATE, state);
    await xapi.send('GET', STATE, { activityId: state.activityId, agent: state.agent });
    await xapi.send('GET', AGENT_PROFILE, profile);
    await xapi.send('GET', AGENT_PROFILE, { ...profile, profileId: 'missing' });
    expect(await auditCount(xapi.tenantId, 'allow')).toBe(4);
    const { rows } = await db.query<{ action: string; query: Record<string, unknown> }>(
      `SELECT action, query FROM storage.audit_record WHERE tenant_id = $1 ORDER BY seq`,
      [xapi.tenantId],
    );
    // Reads and the writes before them: the agent only as a hash.
    expect(JSON.stringify(rows)).not.toContain('mailto:');
    expect(rows.find((r) => r.action === 'documents.read')!.query).toMatchObject({
      kind: 'state',
      documentId: state.stateId,
    });
  });

  it('appends a deny record when a read of learner documents is refused', async () => {
    const xapi = await docClient({ scopes: ['profile'] });
    expect((await xapi.send('GET', STATE, stateOf())).status).toBe(403);
    expect(await auditCount(xapi.tenantId, 'deny')).toBe(1);
  });

  it('does not audit Activity Profile reads, which name no learner', async () => {
    const xapi = await docClient();
    const params = { activityId: anActivityId(), profileId: 'p' };
    await xapi.send('PUT', ACTIVITY_PROFILE, params, { body: { a: 1 } });
    expect((await xapi.send('GET', ACTIVITY_PROFILE, params)).status).toBe(200);
    expect(await auditCount(xapi.tenantId, 'allow')).toBe(0);
  });

  it('stores the agent only as the SHA-256 of its identifier', async () => {
    const xapi = await docClient();
    const agent = learner();
    const params = stateOf({ agent: JSON.stringify(agent) });
    await xapi.send('PUT', STATE, params, { body: { a: 1 } });
    const { rows } = await db.query<{ row: string; agent_ifi_hash: string }>(
      `SELECT d::text AS row, agent_ifi_hash FROM storage.document d WHERE tenant_id = $1`,
      [xapi.tenantId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.agent_ifi_hash).toBe(createHash('sha256').update(`mbox:${agent.mbox}`).digest('hex'));
    expect(rows[0]!.row).not.toContain('mailto:');
  });
});
