// The principal is signed, not asserted (ADR 0006), over the machine's real NATS and PostgreSQL: ingest, storage,
// consent and query as NATS services verifying with the gateway's public key. A raw NATS client that names a
// principal of its own making (the incident: query.v1.statements.find for a credential with every scope) is
// refused, and each refusal leaves a security record in the tenant's chain; the gateway's signed traffic still
// works.
import 'reflect-metadata';

import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

import { ConsentModule } from '@custos/consent';
import { eventStreamName, type PrincipalV1 } from '@custos/contracts';
import { IngestModule } from '@custos/ingest';
import { MessagingModule, NatsBus, RefusalLimiter, runInRequestContext } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import { QueryModule } from '@custos/query';
import { generateAuditKeySettings, StorageModule } from '@custos/storage';
import { aStatement } from '@custos/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../../../../test/harness/credentials.js';
import {
  checkForgedPrincipals,
  formatForgedChecks,
  madeUpPrincipal,
} from '../../../../test/harness/forged-principals.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const namespace = `t${randomBytes(4).toString('hex')}`;
const logger = createLogger('test', 'silent');
const key = generateKeyPairSync('ed25519');
const signingKeyPem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let parts: INestApplicationContext;
let gateway: NatsBus;
let nc: NatsConnection;
let db: pg.Pool;
let credentials: CredentialFactory;

beforeAll(async () => {
  parts = await NestFactory.createApplicationContext(
    composeRoot([
      PlatformModule.forRoot(logger),
      // The parts verify with the gateway's public key and hold no signing key, as in the distributed mode.
      MessagingModule.forRoot({
        transport: 'nats',
        url: natsUrl,
        namespace,
        name: 'parts',
        logger,
        principals: { verifyKeys: [key.publicKey], ttlSeconds: 60 },
      }),
      StorageModule.forRoot({ databaseUrl, poolSize: 2, audit: generateAuditKeySettings() }),
      ConsentModule.forRoot({
        databaseUrl,
        poolSize: 2,
        publicUrl: 'http://127.0.0.1',
        bootstrapOnStart: false,
      }),
      IngestModule,
      QueryModule.forRoot({ cursorKey: randomBytes(32).toString('hex') }),
    ]),
    { logger: false, abortOnError: false },
  );
  await parts.init();
  gateway = await NatsBus.connect({
    url: natsUrl,
    namespace,
    name: 'test-gateway',
    logger,
    principals: { signingKey: key.privateKey, verifyKeys: [], ttlSeconds: 60 },
  });
  nc = await connect({ servers: natsUrl });
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  credentials = await credentialFactory(databaseUrl);
});

afterAll(async () => {
  await gateway?.close();
  await parts?.close();
  await credentials?.close();
  await db?.end();
  if (nc) {
    const jsm = await jetstreamManager(nc);
    for (const stream of [eventStreamName(namespace), `OBJ_${namespace}-event-payloads`]) {
      await jsm.streams.delete(stream).catch(() => undefined);
    }
    await nc.close();
  }
});

/** A tenant with a credential and two statements written through the gateway's signed requests. */
async function tenantWithStatements(): Promise<{ tenantId: string; principal: PrincipalV1 }> {
  const c = await credentials.create(['all']);
  const { principal } = await gateway.request('consent.v1.credentials.authenticate', {
    key: c.key,
    secret: c.secret,
  });
  await runInRequestContext(`seed-${randomUUID()}`, () =>
    gateway.request('ingest.v1.statements.ingest', {
      principal,
      version: '2.0.0',
      body: [aStatement(), aStatement()],
    }),
  );
  return { tenantId: c.tenantId, principal };
}

const refusals = async (tenantId: string) =>
  (
    await db.query<{ reason: string; principal_id: string; principal_kind: string; query: unknown }>(
      `SELECT reason, principal_id, principal_kind, query FROM storage.audit_record
        WHERE tenant_id = $1 AND action = 'principal.refused' ORDER BY seq`,
      [tenantId],
    )
  ).rows;

const rawRequest = async (subject: string, body: unknown) => {
  const reply = await nc.request(`${namespace}.${subject}`, new TextEncoder().encode(JSON.stringify(body)), {
    timeout: 10_000,
  });
  return { status: Number(reply.headers?.get('Nats-Service-Error-Code') ?? 200), body: reply.data };
};

describe('signed principals over NATS', () => {
  it("answers the gateway's signed requests, nested ones included (query asks consent and storage)", async () => {
    const { principal } = await tenantWithStatements();
    const found = await runInRequestContext(`read-${randomUUID()}`, () =>
      gateway.request('query.v1.statements.find', {
        principal,
        version: '2.0.0',
        params: {},
        acceptLanguages: [],
      }),
    );
    expect(found.statements).toHaveLength(2);
  });

  it('refuses a made-up principal with no, a forged, an expired or a re-targeted assertion, and records each', async () => {
    const { tenantId } = await tenantWithStatements();
    const checks = await checkForgedPrincipals(
      { namespace, env: { CUSTOS_PRINCIPAL_SIGNING_KEY: signingKeyPem } },
      nc,
      {
        db,
        tenantId,
      },
    );
    process.stdout.write(`forged principals (integration):\n${formatForgedChecks(checks)}\n`);
    expect(checks.map((c) => [c.case, c.ok])).toEqual([
      ['missing', true],
      ['forged', true],
      ['expired', true],
      ['retargeted-ingest', true],
      ['retargeted-consent', true],
      ['mismatch', true],
    ]);
    // The records name the claimed principal and the subject, nothing of any learner.
    const [first] = await refusals(tenantId);
    expect(first).toMatchObject({
      principal_kind: 'credential',
      query: { subject: 'query.v1.statements.find', part: 'query' },
    });
  });

  it('refuses and records an unsigned principal at ingest (through storage) and at consent (through its event)', async () => {
    const { tenantId } = await tenantWithStatements();
    const principal = madeUpPrincipal(tenantId);
    const ingest = await rawRequest('ingest.v1.statements.ingest', {
      principal,
      version: '2.0.0',
      body: [aStatement()],
    });
    expect(ingest.status).toBe(401);
    const consent = await rawRequest('consent.v1.ability.get', { principal });
    expect(consent.status).toBe(401);
    // Consent's record arrives through JetStream a moment later.
    let parts: unknown[] = [];
    for (let i = 0; i < 50 && parts.length < 2; i += 1) {
      parts = (await refusals(tenantId)).map((r) => (r.query as { part: string }).part);
      if (parts.length < 2) await new Promise((r) => setTimeout(r, 200));
    }
    expect(parts.sort()).toEqual(['consent', 'ingest']);
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM storage.audit_record WHERE tenant_id = $1 AND action = 'statements.write'`,
      [tenantId],
    );
    expect(rows[0]!.n).toBe('1'); // the seed's write only
  });

  it('keeps a flood of refusals from filling the chain', async () => {
    const tenantId = `flood-${randomUUID()}`;
    const principal = madeUpPrincipal(tenantId);
    const statuses = [];
    for (let i = 0; i < RefusalLimiter.PER_TENANT + 10; i += 1) {
      statuses.push(
        (
          await rawRequest('query.v1.statements.find', {
            principal,
            version: '2.0.0',
            params: {},
            acceptLanguages: [],
          })
        ).status,
      );
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect((await refusals(tenantId)).length).toBe(RefusalLimiter.PER_TENANT);
  });
});
