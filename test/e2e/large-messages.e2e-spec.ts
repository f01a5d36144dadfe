// Distributed mode with payloads far above NATS's max_payload (1 MB by default): a batch of 1,000
// statements and a statement with a 20 MB attachment go gateway -> ingest -> storage and back
// through query, five processes over the real NATS, and arrive intact.
import { createHash, randomBytes } from 'node:crypto';

import {
  anAttachment,
  aStatement,
  binaryXapi,
  type Cluster,
  multipartStatements,
  readMultipart,
  startCluster,
  xapiClient,
} from '@custos/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const TWENTY_MB = 20 * 1024 * 1024;

let cluster: Cluster;
let credentials: CredentialFactory;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  credentials = await credentialFactory(databaseUrl);
});

afterAll(async () => {
  await cluster?.stop();
  await credentials?.close();
  if (cluster) {
    // This run's stream and buckets; other runs on the same NATS keep theirs.
    const nc = await connect({ servers: natsUrl });
    const jsm = await jetstreamManager(nc);
    for (const name of [
      `${cluster.namespace.toUpperCase()}_EVENTS`,
      `OBJ_${cluster.namespace}-payloads`,
      `OBJ_${cluster.namespace}-event-payloads`,
    ]) {
      await jsm.streams.delete(name).catch(() => undefined);
    }
    await nc.close();
  }
});

const client = async () => {
  const c = await credentials.create(['all']);
  return {
    xapi: xapiClient(cluster.baseUrl, c.key, c.secret),
    raw: binaryXapi(cluster.baseUrl, c.key, c.secret),
  };
};

describe('distributed mode with messages larger than NATS max_payload', () => {
  it('stores a batch of 1,000 statements (over 1 MB) and reads every one back intact', async () => {
    const { xapi } = await client();
    // About 1.3 KB each, so the batch and each 500-statement page exceed the 1 MB max_payload.
    const batch = Array.from({ length: 1000 }, () => ({
      ...aStatement(),
      id: crypto.randomUUID(),
      result: { response: randomBytes(512).toString('hex') },
    }));
    expect(JSON.stringify(batch).length).toBeGreaterThan(1024 * 1024);
    const posted = await xapi.postStatements(batch);
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual(batch.map((s) => s.id));

    const seen = new Map<string, unknown>();
    let page = await xapi.getStatements({ limit: '0' });
    for (;;) {
      expect(page.status).toBe(200);
      for (const s of page.body.statements) seen.set(String(s.id), s.result);
      if (!page.body.more) break;
      page = await xapi.request('GET', page.body.more);
    }
    expect([...seen.keys()].sort()).toEqual(batch.map((s) => s.id).sort());
    for (const s of batch) expect(seen.get(s.id)).toEqual(s.result);
  });

  it('stores a statement with a 20 MB attachment and returns the same bytes', async () => {
    const { raw } = await client();
    const data = randomBytes(TWENTY_MB);
    const attachment = anAttachment(data, { contentType: 'application/octet-stream' });
    const id = crypto.randomUUID();
    const { body, contentType } = multipartStatements(
      { ...aStatement(), id, attachments: [attachment.metadata] },
      [{ data }],
    );
    const posted = await raw('POST', '/xapi/statements', { body, contentType });
    expect(posted.status, posted.body.toString().slice(0, 500)).toBe(200);
    expect(posted.json).toEqual([id]);

    const got = await raw('GET', `/xapi/statements?statementId=${id}&attachments=true`);
    expect(got.status).toBe(200);
    const [first, part] = readMultipart(got.headers.get('content-type') ?? '', got.body);
    expect((JSON.parse(first!.body.toString()) as { id: string }).id).toBe(id);
    expect(part!.body.length).toBe(TWENTY_MB);
    expect(createHash('sha256').update(part!.body).digest('hex')).toBe(attachment.metadata.sha2);
    expect(part!.headers['x-experience-api-hash']).toBe(attachment.metadata.sha2);
  });
});
