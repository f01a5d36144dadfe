// Distributed mode (gateway → query → consent and storage over NATS) of two read-path promises: the Activities
// resource tells a caller only what it may read, audited (test/harness/activities-access.ts; standalone:
// test/conformance/activities-access.spec.ts); and a `more` link presented by another principal is refused and
// recorded (standalone: test/conformance/audit-completeness.spec.ts).
import { aLearner, aStatement, type Cluster, startCluster, xapiClient } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { checkActivityDefinitionAccess } from '../harness/activities-access.js';
import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

let cluster: Cluster;
let people: PeopleFactory;
let credentials: CredentialFactory;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  people = await peopleFactory(databaseUrl);
  credentials = await credentialFactory(databaseUrl);
});

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await credentials?.close();
});

describe('read paths in distributed mode', () => {
  it('tells each caller of the Activities resource only what it may read, audited', () =>
    checkActivityDefinitionAccess({ baseUrl: cluster.baseUrl, databaseUrl, credentials, people }));

  it('refuses a `more` link presented by another principal and records the attempt', async () => {
    const reader = await credentials.create(['statements/read', 'statements/write']);
    const thief = await credentials.create(['statements/read'], reader.tenantId);
    const readerClient = xapiClient(cluster.baseUrl, reader.key, reader.secret, '2.0.0');
    const ana = aLearner();
    expect(
      (await readerClient.postStatements([aStatement({ actor: ana }), aStatement({ actor: ana })])).status,
    ).toBe(200);
    const first = await readerClient.getStatements({ agent: JSON.stringify({ mbox: ana.mbox }), limit: '1' });
    expect(first.body.more).toEqual(expect.any(String));
    const stolen = await xapiClient(cluster.baseUrl, thief.key, thief.secret, '2.0.0').request(
      'GET',
      first.body.more,
    );
    expect(stolen.status).toBe(404);
    const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      const { rows } = await db.query<{ decision: string; reason: string; query: Record<string, unknown> }>(
        `SELECT decision, reason, query FROM storage.audit_record
          WHERE tenant_id = $1 AND principal_id = $2 AND action = 'statements.read'`,
        [reader.tenantId, thief.id],
      );
      expect(rows).toEqual([
        {
          decision: 'deny',
          reason: 'more cursor issued to another principal',
          query: { more: true, cursorIssuedTo: reader.id, agentKey: expect.any(String) },
        },
      ]);
    } finally {
      await db.end();
    }
  });
});
