// Readiness that does not cascade (distributed): with one part stopped, every gateway stays ready — its public
// /readyz says only that it can serve and names no internal part — while its internal health port says which part
// is down, and only that part's routes answer 503 with Retry-After; the others keep working.
import { aStatement, type Cluster, startCluster, waitFor, xapiClient } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

let cluster: Cluster;
let credentials: CredentialFactory;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  credentials = await credentialFactory(databaseUrl);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await credentials?.close();
});

const INTERNAL_PARTS = /ingest|storage|consent|query/;

describe('readiness with the query part stopped', () => {
  it('keeps the gateway ready, reports query down internally, and answers only reads 503 with Retry-After', async () => {
    const c = await credentials.create(['all']);
    const xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
    expect((await xapi.getStatements()).status).toBe(200);

    await cluster.processes.get('query')!.stop('SIGTERM');

    // The internal readiness names the part that is down, and only that one.
    await waitFor('the internal readiness to see query down', async () => {
      const res = await fetch(`${cluster.gatewayHealthUrl}/readyz`);
      return res.status === 503;
    });
    const internal = (await (await fetch(`${cluster.gatewayHealthUrl}/readyz`)).json()) as {
      ready: boolean;
      checks: Record<string, boolean>;
    };
    expect(internal).toEqual({
      ready: false,
      checks: { messaging: true, ingest: true, storage: true, consent: true, query: false },
    });

    // The public readiness: still ready (NATS is reachable), and it names no internal part.
    const pub = await fetch(`${cluster.baseUrl}/readyz`);
    const text = await pub.text();
    expect(pub.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ ready: true });
    expect(text).not.toMatch(INTERNAL_PARTS);

    // query's route: 503 with Retry-After, no responder behind the subject.
    const read = await xapi.getStatements();
    expect(read.status, read.text).toBe(503);
    expect(Number(read.headers.get('retry-after'))).toBeGreaterThan(0);

    // The other parts' routes keep working: a write goes gateway → ingest → storage.
    const write = await xapi.postStatements(aStatement());
    expect(write.status, write.text).toBe(200);
  }, 60_000);
});
