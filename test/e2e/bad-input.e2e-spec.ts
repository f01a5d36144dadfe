// Bad input gets a 400 with a message that says what is wrong, and nothing is stored.
import { aStatement, type Cluster, startCluster, xapiClient, type XapiClient } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';

const databaseUrl = inject('databaseUrl');
let cluster: Cluster;
let credentials: CredentialFactory;
let xapi: XapiClient;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl: inject('natsUrl') });
  credentials = await credentialFactory(databaseUrl);
  const c = await credentials.create(['all']);
  xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
});

afterAll(async () => {
  await cluster?.stop();
  await credentials?.close();
});

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
