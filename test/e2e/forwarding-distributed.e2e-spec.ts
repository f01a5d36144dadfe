// Forwarding in distributed mode (docs/flows.md "Forwarding"): with the five parts as separate processes over NATS,
// consent's durable consumer queues a stored batch for a target, query's worker claims it from consent, reads it as
// the grantee from storage and sends it to a webhook, signed, and to an xAPI target that signs in with an OAuth 2.0
// client-credentials token; the status then shows it delivered.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import {
  type Cluster,
  deleteNamespaceStreams,
  freePort,
  startCluster,
  waitFor,
  xapiClient,
} from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant, credentialFactory } from '../harness/credentials.js';
import { peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const SECRET = randomBytes(24).toString('hex');

let cluster: Cluster;
let receiver: Server;
let receiverUrl: string;
const received: { raw: string; signature: string | undefined }[] = [];
/** What the OAuth-protected LRS in this test was sent, with the token each request carried. */
const lrsPosts: { authorization: string | undefined; version: string | undefined; raw: string }[] = [];
const tokenRequests: { authorization: string | undefined; body: string }[] = [];
const TOKEN = randomBytes(16).toString('hex');

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/oauth/token') {
        tokenRequests.push({ authorization: req.headers.authorization, body: raw });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      if (req.url === '/lrs/xapi/statements') {
        const authorization = req.headers.authorization;
        lrsPosts.push({ authorization, version: req.headers['x-experience-api-version'] as string, raw });
        res.writeHead(authorization === `Bearer ${TOKEN}` ? 200 : 401).end('[]');
        return;
      }
      received.push({ raw, signature: req.headers['custos-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${port}/hook`;
  cluster = await startCluster({
    databaseUrl,
    natsUrl,
    env: { CUSTOS_FORWARDING__ALLOW_HTTP: 'true', CUSTOS_FORWARDING__POLL_MS: '100' },
  });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  if (cluster) await deleteNamespaceStreams(natsUrl, cluster.namespace);
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
});

describe('forwarding in distributed mode', () => {
  it('forwards a stored statement to a webhook and an OAuth-protected LRS through consent, query and storage as separate parts', async () => {
    const tenant = aTenant();
    const people = await peopleFactory(databaseUrl);
    const credentials = await credentialFactory(databaseUrl);
    const password = randomBytes(12).toString('hex');
    let grantee: string;
    let writer: { key: string; secret: string };
    try {
      await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
      grantee = (await credentials.create(['statements/read'], tenant)).id;
      writer = await credentials.create(['statements/write'], tenant);
    } finally {
      await people.close();
      await credentials.close();
    }
    const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant, username: 'admin', password }),
    });
    expect(login.status, cluster.logs()).toBe(200);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${cluster.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    const created = await admin('POST', '/api/v1/forwarding/targets', {
      name: 'Warehouse loader',
      kind: 'webhook',
      url: receiverUrl,
      webhookSecret: SECRET,
      granteeCredentialId: grantee,
    });
    expect(created.status, cluster.logs()).toBe(201);
    const { id: targetId } = (await created.json()) as { id: string };
    const origin = new URL(receiverUrl).origin;
    const oauth = await admin('POST', '/api/v1/forwarding/targets', {
      name: 'Publisher LRS',
      kind: 'xapi',
      url: `${origin}/lrs/xapi/statements`,
      auth: {
        kind: 'oauth2',
        tokenUrl: `${origin}/oauth/token`,
        clientId: 'custos',
        clientSecret: 'client-secret-1',
      },
      granteeCredentialId: grantee,
    });
    expect(oauth.status, cluster.logs()).toBe(201);

    const id = randomUUID();
    const xapi = xapiClient(cluster.baseUrl, writer.key, writer.secret);
    const posted = await xapi.postStatements({
      id,
      actor: { mbox: `mailto:lea.${randomBytes(4).toString('hex')}@example.org` },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: { id: 'https://courses.example/distributed' },
    });
    expect(posted.status).toBe(200);
    await waitFor(
      'the webhook to receive the statement',
      async () => received.some((r) => r.raw.includes(id)),
      30_000,
    );
    await waitFor(
      'the xAPI target to receive it',
      async () => lrsPosts.some((p) => p.raw.includes(id)),
      30_000,
    );
    const post = lrsPosts.find((p) => p.raw.includes(id))!;
    expect(post).toMatchObject({ authorization: `Bearer ${TOKEN}`, version: '1.0.3' });
    expect(JSON.parse(post.raw)).toEqual([expect.objectContaining({ id })]);
    // RFC 6749 §4.4: the client authenticates with HTTP Basic and asks for client_credentials.
    expect(tokenRequests[0]).toEqual({
      authorization: `Basic ${Buffer.from('custos:client-secret-1').toString('base64')}`,
      body: 'grant_type=client_credentials',
    });
    const event = received.find((r) => r.raw.includes(id))!;
    const [, t, mac] = /^t=(\d+),sha256=([0-9a-f]{64})$/.exec(event.signature ?? '') ?? [];
    expect(mac).toBe(createHmac('sha256', SECRET).update(`${t}.${event.raw}`).digest('hex'));
    expect(JSON.parse(event.raw)).toMatchObject({ type: 'statements.forwarded', targetId });
    await waitFor(
      'the status to show the delivery',
      async () => {
        const status = (await (
          await admin('GET', `/api/v1/forwarding/targets/${targetId}/status`)
        ).json()) as {
          deliveredStatements: number;
          pendingBatches: number;
        };
        return status.deliveredStatements === 1 && status.pendingBatches === 0;
      },
      10_000,
    );
  }, 120_000);
});
