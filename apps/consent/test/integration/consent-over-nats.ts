// Consent (with storage, which appends consent's change records to the tenant's chain) over the machine's real NATS
// and PostgreSQL, and a bus that asks it as the gateway does (signed principals). Shared by the integration tests of
// consent's request/reply API.
import 'reflect-metadata';

import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

import { ConsentModule, PeopleService } from '@custos/consent';
import type { PersonRole, PrincipalV1 } from '@custos/contracts';
import { MessagingModule, NatsBus, runInRequestContext } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import { generateAuditKeySettings, StorageModule } from '@custos/storage';
import { deleteNamespaceStreams } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';

export interface ConsentOverNats {
  parts: INestApplicationContext;
  /** Asks the parts as the gateway would. */
  gateway: NatsBus;
  db: pg.Pool;
  /** A person of the tenant with these roles, signed in: their principal as the gateway would send it. */
  personOf(
    tenantId: string,
    roles: PersonRole[],
    extra?: { birthDate?: string; minorUntil?: string },
  ): Promise<PrincipalV1>;
  /** The tenant's audit records of this action, once storage has appended them (consent's events are async). */
  recorded(
    tenantId: string,
    action: string,
    n: number,
  ): Promise<{ principal_id: string; query: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

export async function startConsentOverNats(databaseUrl: string, natsUrl: string): Promise<ConsentOverNats> {
  const namespace = `t${randomBytes(4).toString('hex')}`;
  const logger = createLogger('test', 'silent');
  const key = generateKeyPairSync('ed25519');
  const parts = await NestFactory.createApplicationContext(
    composeRoot([
      PlatformModule.forRoot(logger),
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
        jwtPrivateKey: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      }),
    ]),
    { logger: false, abortOnError: false },
  );
  await parts.init();
  const gateway = await NatsBus.connect({
    url: natsUrl,
    namespace,
    name: 'test-gateway',
    logger,
    principals: { signingKey: key.privateKey, verifyKeys: [], ttlSeconds: 60 },
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });

  return {
    parts,
    gateway,
    db,
    async personOf(tenantId, roles, extra = {}) {
      const username = `p-${randomBytes(4).toString('hex')}`;
      const password = randomBytes(12).toString('hex');
      await parts.get(PeopleService).create(tenantId, { username, password, roles, agents: [], ...extra });
      const { access_token: token } = await gateway.request('consent.v1.people.login', {
        tenant: tenantId,
        username,
        password,
      });
      return (await gateway.request('consent.v1.people.authenticate', { token })).principal;
    },
    async recorded(tenantId, action, n) {
      for (let i = 0; i < 50; i += 1) {
        const { rows } = await db.query<{ principal_id: string; query: Record<string, unknown> }>(
          `SELECT principal_id, query FROM storage.audit_record WHERE tenant_id = $1 AND action = $2 ORDER BY seq`,
          [tenantId, action],
        );
        if (rows.length >= n) return rows;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no ${action} record in ${tenantId}`);
    },
    async close() {
      await gateway.close();
      await parts.close();
      await db.end();
      await deleteNamespaceStreams(natsUrl, namespace);
    },
  };
}

/** Runs `work` as one request (a request id in context), as the gateway's handling of an HTTP request does. */
export const asked = <T>(work: () => Promise<T>) => runInRequestContext(`req-${randomUUID()}`, work);
