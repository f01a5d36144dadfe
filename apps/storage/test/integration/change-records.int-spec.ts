// Change records (consent.v1.audit.recorded) reaching the audit chain over real NATS JetStream and PostgreSQL,
// as in the distributed mode: storage's durable consumer appends each event once — also when it is delivered
// again, when two storage replicas share the consumer, and when it was published while no storage ran.
import 'reflect-metadata';

import { createHmac, randomBytes, randomUUID } from 'node:crypto';

import { type AuditRecordedV1, eventStreamName } from '@custos/contracts';
import { MessagingModule, NatsBus } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import { generateAuditKeySettings, StorageModule } from '@custos/storage';
import { deleteNamespaceStreams, waitFor } from '@custos/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const namespace = `t${randomBytes(4).toString('hex')}`;
const logger = createLogger('test', 'silent');
const keys = generateAuditKeySettings();
const CONSUMER = 'storage-audit-changes';

let consent: NatsBus;
let db: pg.Pool;
const replicas: INestApplicationContext[] = [];

/** A storage process of this namespace: its own NATS connection, the same database and audit keys. */
async function startStorage(name: string): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    composeRoot([
      PlatformModule.forRoot(logger),
      MessagingModule.forRoot({ transport: 'nats', url: natsUrl, namespace, name, logger }),
      StorageModule.forRoot({ databaseUrl, poolSize: 4, audit: keys, outboxRelay: false }),
    ]),
    { logger: false, abortOnError: false },
  );
  replicas.push(app);
  return app;
}

async function stopStorage(app: INestApplicationContext): Promise<void> {
  await app.close();
  replicas.splice(replicas.indexOf(app), 1);
}

beforeAll(async () => {
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  consent = await NatsBus.connect({ url: natsUrl, namespace, name: 'test-consent', logger });
  await startStorage('storage-1');
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await consent?.close();
  await db?.end();
  await deleteNamespaceStreams(natsUrl, namespace);
});

const aTenant = (): string => `tenant-${randomUUID()}`;

const aChange = (tenantId: string, extra: Partial<AuditRecordedV1> = {}): AuditRecordedV1 => ({
  type: 'custos.consent.v1.audit_recorded',
  messageId: randomUUID(),
  tenantId,
  principalId: randomUUID(),
  principalKind: 'person',
  action: 'grant.create',
  resource: 'grant',
  query: { grantId: randomUUID() },
  decision: 'allow',
  basis: [{ kind: 'self' }],
  at: new Date().toISOString(),
  ...extra,
});

interface Row {
  seq: string;
  principal_id: string;
  principal_kind: string;
  action: string;
  resource: string;
  query: Record<string, unknown>;
  decision: string;
  count: number;
  reason: string | null;
  request_id: string | null;
  basis: unknown;
  learner_keys: string[] | null;
  event_id: string;
}

const recordsOf = async (tenantId: string): Promise<Row[]> =>
  (
    await db.query<Row>(
      `SELECT r.seq::text AS seq, r.principal_id, r.principal_kind, r.action, r.resource, r.query, r.decision,
              r.count, r.reason, r.request_id, r.basis, r.learner_keys, r.event_id
         FROM storage.audit_record r WHERE r.tenant_id = $1 ORDER BY r.seq`,
      [tenantId],
    )
  ).rows;

/** Waits until the tenant has `count` records and the consumer has nothing left to deliver or to be acked. */
async function settled(tenantId: string, count: number): Promise<Row[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await waitFor(`${count} records and an idle consumer`, async () => {
      const info = await jsm.consumers.info(eventStreamName(namespace), CONSUMER);
      return (
        (await recordsOf(tenantId)).length >= count && info.num_pending === 0 && info.num_ack_pending === 0
      );
    });
  } finally {
    await nc.close();
  }
  return recordsOf(tenantId);
}

const verify = (tenantId: string) => consent.request('storage.v1.audit.verify', { tenantId });

describe('change records from consent.v1.audit.recorded', () => {
  it('appends an event as one record with all its fields', async () => {
    const tenantId = aTenant();
    const ifiHash = randomBytes(32).toString('hex');
    const event = aChange(tenantId, { requestId: 'req-42', learnerIfiHashes: [ifiHash] });
    await consent.publish('consent.v1.audit.recorded', event, event.messageId);

    const [record, ...more] = await settled(tenantId, 1);
    expect(more).toEqual([]);
    expect(record).toEqual({
      seq: '1',
      principal_id: event.principalId,
      principal_kind: 'person',
      action: 'grant.create',
      resource: 'grant',
      query: { ...event.query, changedAt: event.at },
      decision: 'allow',
      count: 1,
      reason: null,
      request_id: 'req-42',
      basis: [{ kind: 'self' }],
      // docs/audit.md "Keys": HMAC-SHA256(pseudonym key, tenantId + ":" + identifier hash).
      learner_keys: [
        createHmac('sha256', Buffer.from(keys.pseudonymKey, 'hex'))
          .update(`${tenantId}:${ifiHash}`)
          .digest('hex'),
      ],
      event_id: event.messageId,
    });
    expect(await verify(tenantId)).toMatchObject({ ok: true, checked: 1 });
  });

  it('records an event delivered again (a relay retry past the dedupe window, a lost ack) once', async () => {
    const tenantId = aTenant();
    const event = aChange(tenantId);
    // Distinct JetStream message ids, so the stream keeps every copy and the consumer sees each of them.
    for (let i = 0; i < 3; i += 1) await consent.publish('consent.v1.audit.recorded', event, randomUUID());
    const after = aChange(tenantId, { action: 'grant.revoke' });
    await consent.publish('consent.v1.audit.recorded', after, after.messageId);

    const records = await settled(tenantId, 2);
    expect(records.map((r) => [r.seq, r.event_id, r.action])).toEqual([
      ['1', event.messageId, 'grant.create'],
      ['2', after.messageId, 'grant.revoke'],
    ]);
    expect(await verify(tenantId)).toMatchObject({ ok: true, checked: 2 });
  });

  it('shares the consumer between two storage replicas: each of many events is recorded exactly once', async () => {
    const second = await startStorage('storage-2');
    try {
      const tenantId = aTenant();
      const events = Array.from({ length: 40 }, () => aChange(tenantId));
      await Promise.all(events.map((e) => consent.publish('consent.v1.audit.recorded', e, e.messageId)));

      const records = await settled(tenantId, events.length);
      expect(records.map((r) => r.seq)).toEqual(events.map((_, i) => String(i + 1)));
      expect(records.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.messageId).sort());
      expect(await verify(tenantId)).toMatchObject({ ok: true, checked: events.length });
    } finally {
      await stopStorage(second);
    }
  });

  it('records an event published while no storage ran once storage is back', async () => {
    for (const app of [...replicas]) await stopStorage(app);
    const tenantId = aTenant();
    const event = aChange(tenantId, {
      principalId: 'anonymous',
      principalKind: 'anonymous',
      action: 'login.failure',
      resource: 'login',
      decision: 'deny',
      reason: 'no such person',
      basis: undefined,
    });
    await consent.publish('consent.v1.audit.recorded', event, event.messageId);
    await new Promise((r) => setTimeout(r, 300));
    expect(await recordsOf(tenantId)).toEqual([]);

    await startStorage('storage-3');
    const [record, ...more] = await settled(tenantId, 1);
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      principal_kind: 'anonymous',
      action: 'login.failure',
      decision: 'deny',
      count: 0,
      reason: 'no such person',
      basis: null,
      event_id: event.messageId,
    });
  });
});
