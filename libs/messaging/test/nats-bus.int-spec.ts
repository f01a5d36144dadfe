// NatsBus against the real NATS at NATS_URL: messages far above max_payload (1 MB by default)
// go through in both directions and as events, errors keep their ADR-32 headers, and the
// object store keeps nothing once a request/reply has been read.
import { randomBytes, randomUUID } from 'node:crypto';

import {
  BadRequestError,
  type IngestStatementsV1,
  ServiceUnavailableError,
  type StatementsStoredV1,
} from '@custos/contracts';
import { ephemeralPrincipalKeys, NatsBus } from '@custos/messaging';
import { createLogger } from '@custos/platform';
import { deleteNamespaceStreams } from '@custos/testing';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { LargePayloads } from '../src/large-payloads.js';

const natsUrl = inject('natsUrl');
const namespace = `t${randomBytes(4).toString('hex')}`;
const logger = createLogger('test', 'silent');
// The caller signs principals as the gateway does, the responder verifies them (ADR 0006).
const principals = ephemeralPrincipalKeys();
const THREE_MB = 3 * 1024 * 1024;

let caller: NatsBus;
let responder: NatsBus;
let nc: NatsConnection;

const principal: IngestStatementsV1['principal'] = {
  kind: 'credential',
  tenantId: 'tenant',
  credentialId: randomUUID(),
  key: 'key',
  scopes: ['all'],
  authority: { mbox: 'mailto:lrs@example.org' },
};

/** A string of `n` characters that is not the same byte repeated (a truncation would show). */
const bigText = (n: number): string =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);

beforeAll(async () => {
  // Two connections, as two processes would have; the responder serves in its queue group.
  responder = await NatsBus.connect({ url: natsUrl, namespace, name: 'test-responder', logger, principals });
  caller = await NatsBus.connect({ url: natsUrl, namespace, name: 'test-caller', logger, principals });
  nc = await connect({ servers: natsUrl });
  responder.serve('ingest.v1.statements.ingest', async (req) => {
    const text = (req.body as { text: string }).text;
    if (req.statementId === 'fail') throw new BadRequestError(`rejected ${text.length} characters`);
    // Echo the 3 MB text back, so the reply is as large as the request.
    return { ids: [text, String(text.length)] };
  });
  // The responder's subscription is on the server before the first request (under load it can be late).
  await responder.flush();
});

afterAll(async () => {
  await caller?.close();
  await responder?.close();
  await nc?.close();
  await deleteNamespaceStreams(natsUrl, namespace);
});

const liveObjects = async (bucket: string): Promise<number> => {
  const store = await new Objm(nc).open(bucket);
  return (await store.list()).filter((o) => !o.deleted).length;
};

describe('NatsBus with messages larger than max_payload', () => {
  it('carries a 3 MB request and a 3 MB reply intact, and leaves no object behind', async () => {
    expect(nc.info?.max_payload ?? 0).toBeLessThan(THREE_MB);
    const text = bigText(THREE_MB);
    const reply = await caller.request('ingest.v1.statements.ingest', {
      principal,
      version: '2.0.0',
      body: { text },
    });
    expect(reply.ids[1]).toBe(String(THREE_MB));
    expect(reply.ids[0]).toBe(text);
    // Each side deleted what it read: the request (responder) and the reply (caller).
    expect(await liveObjects(`${namespace}-payloads`)).toBe(0);
  });

  it('still sends small messages inline', async () => {
    const reply = await caller.request('ingest.v1.statements.ingest', {
      principal,
      version: '2.0.0',
      body: { text: 'small' },
    });
    expect(reply.ids).toEqual(['small', '5']);
  });

  it('rethrows a handler error of a 3 MB request as the same typed error (ADR-32 headers)', async () => {
    const text = bigText(THREE_MB);
    const failed = caller.request('ingest.v1.statements.ingest', {
      principal,
      version: '2.0.0',
      body: { text },
      statementId: 'fail',
    });
    await expect(failed).rejects.toBeInstanceOf(BadRequestError);
    await expect(failed).rejects.toMatchObject({ status: 400, message: `rejected ${THREE_MB} characters` });
  });

  it('refuses a large message whose object was changed in the bucket after its sender put it', async () => {
    const large = new LargePayloads(jetstream(nc), namespace, 1024);
    const sent = await large.prepare(new TextEncoder().encode('x'.repeat(4096)), 'transient');
    const store = await new Objm(nc).open(`${namespace}-payloads`);
    await store.putBlob({ name: sent.objectName! }, new TextEncoder().encode('y'.repeat(4096)));
    await expect(
      large.resolve({ data: sent.data, headers: sent.headers }, 'transient'),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('publishes and consumes a 3 MB event through JetStream', async () => {
    const ids = Array.from({ length: Math.ceil(THREE_MB / 38) }, () => randomUUID());
    const event: StatementsStoredV1 = {
      type: 'custos.storage.v1.statements_stored',
      messageId: randomUUID(),
      tenantId: 'tenant',
      statementIds: ids,
      storedAt: new Date().toISOString(),
    };
    const received = new Promise<StatementsStoredV1>((resolve) => {
      responder.consume(
        'storage.v1.statements.stored',
        `large-${randomBytes(3).toString('hex')}`,
        async (e) => {
          if (e.messageId === event.messageId) resolve(e);
        },
      );
    });
    await caller.publish('storage.v1.statements.stored', event, event.messageId);
    const got = await received;
    expect(got.statementIds).toHaveLength(ids.length);
    expect(got.statementIds).toEqual(ids);
  });
});

describe('NatsBus with payloads nested too deeply (docs/conformance.md "Limits on input")', () => {
  it('answers a raw message nested 20,000 levels deep with a 400 error reply, and keeps serving', async () => {
    const levels = 20_000;
    const raw = `{"principal":${JSON.stringify(principal)},"version":"2.0.0","body":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    const reply = await nc.request(
      `${namespace}.ingest.v1.statements.ingest`,
      new TextEncoder().encode(raw),
      {
        timeout: 5_000,
      },
    );
    expect(reply.headers?.get('Nats-Service-Error-Code')).toBe('400');
    expect(reply.headers?.get('Nats-Service-Error')).toMatch(/levels deep/);
    const after = await caller.request('ingest.v1.statements.ingest', {
      principal,
      version: '2.0.0',
      body: { text: 'still here' },
    });
    expect(after.ids).toEqual(['still here', '10']);
  });

  it('refuses to send a payload too deep to serialise, with a 400 rather than a crash', async () => {
    let body: unknown = 1;
    for (let i = 0; i < 20_000; i++) body = [body];
    const sent = caller.request('ingest.v1.statements.ingest', { principal, version: '2.0.0', body });
    await expect(sent).rejects.toMatchObject({ status: 400 });
  });
});

describe('NatsBus speaking for a part', () => {
  it('refuses, before anything reaches NATS, a request, event or consumer the callers table does not give it', async () => {
    const ingest = await NatsBus.connect({
      url: natsUrl,
      namespace,
      name: 'test-ingest',
      part: 'ingest',
      logger,
    });
    try {
      await expect(ingest.request('storage.v1.statements.read', {} as never)).rejects.toThrow(
        'ingest may not send storage.v1.statements.read',
      );
      await expect(ingest.request('query.v1.statements.find', {} as never)).rejects.toThrow(/may not send/);
      await expect(ingest.publish('consent.v1.audit.recorded', {} as never, randomUUID())).rejects.toThrow(
        'ingest may not publish consent.v1.audit.recorded',
      );
      expect(() => ingest.consume('consent.v1.audit.recorded', 'x', async () => undefined)).toThrow(
        /does not consume/,
      );
      // What it may send still goes: storage.v1.statements.store has no responder here, so it is a 503.
      await expect(
        ingest.request('storage.v1.statements.store', {} as never, { timeoutMs: 200 }),
      ).rejects.toMatchObject({ status: 503 });
    } finally {
      await ingest.close();
    }
  });
});
