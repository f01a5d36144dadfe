// A learner's records as a whole, decided in SQL under a compiled access filter: whether a caller may read a
// learner (the Agents resource's identifier links, xAPI 2.0 Communication §2.6) and the pages of a learner data
// export (DESIGN "Privacy operations"), which stop at the snapshot taken when the export began. Storage
// in-process over a real PostgreSQL (migrated by the global setup), driven through the bus as query drives it.
import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { type AccessPrincipal, accessFilterFor, abilityWithoutPolicies } from '@custos/authz';
import type { ReadExportPageReplyV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { StorageModule, generateAuditKeySettings } from '@custos/storage';
import { aVerb, inProcessContext } from '@custos/testing';
import { ifiHash, ifiOf } from '@custos/xapi';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
let app: INestApplicationContext;
let bus: MessageBus;
let db: pg.Pool;

beforeAll(async () => {
  app = await inProcessContext([
    StorageModule.forRoot({ databaseUrl, poolSize: 4, audit: generateAuditKeySettings() }),
  ]);
  bus = app.get(MessageBus);
  db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
});

afterAll(async () => {
  await db?.end();
  await app?.close();
});

type Agent = Record<string, unknown>;
const hashOf = (agent: Agent) => ifiHash(ifiOf(agent)!);
const ann = { objectType: 'Agent', mbox: `mailto:ann-${randomUUID()}@example.com` };
const bob = { objectType: 'Agent', mbox: `mailto:bob-${randomUUID()}@example.com` };

function setup() {
  const tenantId = `tenant-${randomUUID()}`;
  const writer = randomUUID();
  const statement = (actor: Agent) => ({
    id: randomUUID(),
    actor,
    verb: aVerb(),
    object: { objectType: 'Activity', id: `https://example.com/activities/${randomUUID()}` },
    stored: new Date().toISOString(),
    timestamp: new Date().toISOString(),
    version: '1.0.0',
    authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
  });
  const store = async (actors: Agent[], authorityCredentialId = writer) => {
    const statements = actors.map(statement);
    await bus.request('storage.v1.statements.store', { tenantId, authorityCredentialId, statements });
    return statements.map((s) => s.id);
  };
  const putState = (agent: Agent, documentId: string) =>
    bus.request('storage.v1.documents.write', {
      tenantId,
      kind: 'state',
      method: 'PUT',
      address: {
        activityId: 'https://example.com/activities/course',
        agentIfiHash: hashOf(agent),
        documentId,
      },
      preconditions: {},
      conflictWithoutPrecondition: false,
      body: { contentType: 'application/json', content: Buffer.from('{"x":1}').toString('base64') },
    });
  const credential = (scopes: string[], credentialId = randomUUID()): AccessPrincipal => ({
    tenantId,
    credentialId,
    scopes,
  });
  const learner = (agents: Agent[]): AccessPrincipal => ({
    kind: 'person',
    tenantId,
    personId: randomUUID(),
    roles: ['learner'],
    groupIds: [],
    agentIfiHashes: agents.map(hashOf),
  });
  const readable = async (caller: AccessPrincipal, about: Agent[], self: Agent[] = []) => {
    const { readable } = await bus.request('storage.v1.agents.readable', {
      tenantId,
      accessFilter: accessFilterFor(abilityWithoutPolicies(caller), 'read', 'Statement'),
      subjectIfiHashes: about.map(hashOf),
      selfIfiHashes: self.map(hashOf),
      audit: { principalId: randomUUID(), action: 'agents.read', query: {} },
    });
    return readable;
  };
  const auditOf = async (action: string) =>
    (
      await db.query<{ decision: string; count: number }>(
        `SELECT decision, count FROM storage.audit_record WHERE tenant_id = $1 AND action = $2 ORDER BY seq`,
        [tenantId, action],
      )
    ).rows;
  return { tenantId, writer, store, putState, credential, learner, readable, auditOf };
}

describe('storage.v1.agents.readable', () => {
  it('is true exactly when the caller may read a statement of which the learner is a data subject', async () => {
    const { writer, store, credential, readable, auditOf } = setup();
    await store([ann, bob]);
    await store([bob], randomUUID());
    // statements/read/mine: the writer of Ann's statement may read her, another writer may read only Bob.
    expect(await readable(credential(['statements/read/mine'], writer), [ann])).toBe(true);
    const other = credential(['statements/read/mine']);
    expect(await readable(other, [ann])).toBe(false);
    expect(await auditOf('agents.read')).toEqual([
      { decision: 'allow', count: 1 },
      { decision: 'deny', count: 0 },
    ]);
  });

  it('is true for a tenant-wide reader and for the learner themself, statements or not', async () => {
    const { credential, learner, readable } = setup();
    expect(await readable(credential(['statements/read']), [ann])).toBe(true);
    expect(await readable(learner([ann]), [ann], [ann])).toBe(true);
    // A learner about someone else with no statement they may read.
    expect(await readable(learner([bob]), [ann], [bob])).toBe(false);
  });
});

describe('storage.v1.exports.*', () => {
  it('pages through the learner’s statements and documents up to the snapshot taken at the start', async () => {
    const { tenantId, store, putState, learner, auditOf } = setup();
    const before = await store([ann, bob, ann, ann]);
    await putState(ann, 'kept');
    await putState(bob, 'not-hers');
    const self = abilityWithoutPolicies(learner([ann]));
    const statementFilter = accessFilterFor(self, 'read', 'Statement');
    const documentFilter = accessFilterFor(self, 'read', 'Document');
    const begun = await bus.request('storage.v1.exports.begin', {
      tenantId,
      statementFilter,
      documentFilter,
      audit: { principalId: randomUUID(), action: 'export', query: { personId: 'p' } },
    });
    expect(begun).toMatchObject({ statements: 3, documents: 1 });
    expect(await auditOf('export')).toEqual([{ decision: 'allow', count: 4 }]);

    // Written after the start: not part of this export.
    await store([ann]);
    await putState(ann, 'later');

    const pages: string[][] = [];
    let after: string | null = '0';
    while (after !== null) {
      const page: ReadExportPageReplyV1 = await bus.request('storage.v1.exports.read', {
        tenantId,
        part: 'statements',
        accessFilter: statementFilter,
        after,
        through: begun.throughSeq,
        limit: 2,
      });
      pages.push(page.statements.map((s) => s.id as string));
      after = page.next;
    }
    expect(pages).toEqual([[before[0], before[2]], [before[3]]]);

    const documents = await bus.request('storage.v1.exports.read', {
      tenantId,
      part: 'documents',
      accessFilter: documentFilter,
      after: '0',
      through: begun.throughDocumentId,
      limit: 10,
    });
    expect(documents.documents.map((d) => d.documentId)).toEqual(['kept']);
    expect(documents.next).toBeNull();
  });
});
