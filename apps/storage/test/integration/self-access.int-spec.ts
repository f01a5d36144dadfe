// DESIGN "Access model", decision step 2 (self access): a learner reads every record about themself — the
// statements whose actor (or a member of the actor Group) is one of their identifiers, and the State and
// Agent Profile documents of those identifiers — decided inside SQL. Storage in-process over a real
// PostgreSQL (migrated by the global setup), driven through the bus as query drives it.
import 'reflect-metadata';

import { createHash, randomUUID } from 'node:crypto';

import { accessFilterFor, abilityWithoutPolicies } from '@custos/authz';
import type { DocumentKindV1, StatementQueryV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { StorageModule, generateAuditKeySettings } from '@custos/storage';
import { aVerb, inProcessContext } from '@custos/testing';
import { ifiHash, ifiOf } from '@custos/xapi';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
let app: INestApplicationContext;
let bus: MessageBus;

beforeAll(async () => {
  app = await inProcessContext([
    StorageModule.forRoot({ databaseUrl, poolSize: 4, audit: generateAuditKeySettings() }),
  ]);
  bus = app.get(MessageBus);
});

afterAll(async () => {
  await app?.close();
});

type Agent = Record<string, unknown>;
const hashOf = (agent: Agent) => ifiHash(ifiOf(agent)!);
const query: StatementQueryV1 = {
  relatedActivities: false,
  relatedAgents: false,
  limit: 0,
  ascending: false,
};

function setup(tenantId = `tenant-${randomUUID()}`) {
  const credentialId = randomUUID();
  let n = 0;
  const statement = (actor: Agent, extra: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    actor,
    verb: aVerb(),
    object: { objectType: 'Activity', id: `https://example.com/activities/${n++}` },
    // Distinct `stored` values keep seq order and time order the same, as ingest does.
    stored: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    timestamp: new Date().toISOString(),
    version: '1.0.0',
    authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
    ...extra,
  });
  const store = async (statements: Record<string, unknown>[]) =>
    bus.request('storage.v1.statements.store', { tenantId, authorityCredentialId: credentialId, statements });
  const learner = (agentIfiHashes: string[]) => ({
    kind: 'person' as const,
    tenantId,
    personId: randomUUID(),
    roles: ['learner'],
    groupIds: [],
    agentIfiHashes,
  });
  const read = async (agentIfiHashes: string[], q: Partial<StatementQueryV1> = {}) => {
    const accessFilter = accessFilterFor(
      abilityWithoutPolicies(learner(agentIfiHashes)),
      'read',
      'Statement',
    );
    return bus.request('storage.v1.statements.read', {
      tenantId,
      accessFilter,
      query: { ...query, ...q },
      audit: { principalId: randomUUID(), action: 'statements.read', query: {} },
    });
  };
  const readIds = async (agentIfiHashes: string[], q: Partial<StatementQueryV1> = {}) =>
    (await read(agentIfiHashes, q)).statements.map((s) => s.id as string);
  const putDocument = (kind: DocumentKindV1, agent: Agent, documentId: string) =>
    bus.request('storage.v1.documents.write', {
      tenantId,
      kind,
      method: 'PUT',
      address: {
        ...(kind === 'state' && { activityId: 'https://example.com/activities/course' }),
        agentIfiHash: hashOf(agent),
        documentId,
      },
      preconditions: {},
      conflictWithoutPrecondition: false,
      body: { contentType: 'application/json', content: Buffer.from('{"x":1}').toString('base64') },
    });
  const readDocuments = async (kind: DocumentKindV1, agent: Agent, agentIfiHashes: string[]) => {
    const accessFilter = accessFilterFor(abilityWithoutPolicies(learner(agentIfiHashes)), 'read', 'Document');
    const { documents } = await bus.request('storage.v1.documents.read', {
      tenantId,
      kind,
      accessFilter,
      address: {
        ...(kind === 'state' && { activityId: 'https://example.com/activities/course' }),
        agentIfiHash: hashOf(agent),
      },
    });
    return documents.map((d) => d.documentId);
  };
  return { tenantId, statement, store, read, readIds, putDocument, readDocuments };
}

const ann = { objectType: 'Agent', mbox: 'mailto:ann@example.com' };
// Ann's mbox in its mbox_sha1sum form, which a learner's link holds next to the mbox (principal.ts).
const annSha1 = {
  objectType: 'Agent',
  mbox_sha1sum: createHash('sha1').update('mailto:ann@example.com').digest('hex'),
};
const bob = { objectType: 'Agent', mbox: 'mailto:bob@example.com' };
const carl = { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'carl' } };
const annHashes = [hashOf(ann), hashOf(annSha1)];

describe('self access to statements (learner)', () => {
  it('reads exactly the statements whose actor or actor-group member is one of their identifiers', async () => {
    const { statement, store, readIds } = setup();
    const mine = [
      statement(ann),
      statement(annSha1),
      statement({ objectType: 'Group', name: 'anonymous team', member: [bob, ann] }),
      statement({ objectType: 'Group', mbox: 'mailto:team@example.com', member: [carl, annSha1] }),
    ];
    const notMine = [
      statement(bob),
      // Ann only as the object, the instructor, the team, a member of the object Group, the authority.
      statement(bob, { object: ann }),
      statement(bob, { context: { instructor: ann, team: { objectType: 'Group', member: [ann] } } }),
      statement(carl, { object: { objectType: 'Group', member: [ann, bob] } }),
      statement(bob, { authority: { objectType: 'Agent', mbox: 'mailto:ann@example.com' } }),
      statement({ objectType: 'Group', mbox: 'mailto:team@example.com', member: [bob] }),
    ];
    await store([...mine, ...notMine]);

    expect((await readIds(annHashes)).toSorted()).toEqual(mine.map((s) => s.id).toSorted());
    // Without the sha1 form linked, the statements naming Ann only by mbox_sha1sum are not hers to see.
    expect((await readIds([hashOf(ann)])).toSorted()).toEqual([mine[0]!.id, mine[2]!.id].toSorted());
    expect((await readIds([hashOf(bob)])).toSorted()).toEqual(
      [
        mine[2]!.id,
        notMine[0]!.id,
        notMine[1]!.id,
        notMine[2]!.id,
        notMine[4]!.id,
        notMine[5]!.id,
      ].toSorted(),
    );
  });

  it('returns nothing for statementId of another learner’s statement', async () => {
    const { statement, store, readIds } = setup();
    const bobs = statement(bob, { object: ann });
    const anns = statement(ann);
    await store([bobs, anns]);
    expect(await readIds(annHashes, { statementId: bobs.id })).toEqual([]);
    expect(await readIds(annHashes, { statementId: anns.id })).toEqual([anns.id]);
  });

  it('pages over a learner’s statements with limit and afterSeq, seeing only theirs and without gaps', async () => {
    const { statement, store, read } = setup();
    const all = Array.from({ length: 17 }, (_, i) => statement([ann, bob, carl, annSha1][i % 4]!));
    await store(all);
    const expected = all
      .filter((s) => s.actor === ann || s.actor === annSha1)
      .map((s) => s.id)
      .toReversed();
    const seen: string[] = [];
    let afterSeq: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await read(annHashes, { limit: 3, ...(afterSeq !== undefined && { afterSeq }) });
      seen.push(...page.statements.map((s) => s.id as string));
      afterSeq = page.nextAfterSeq;
      if (afterSeq === undefined) break;
    }
    expect(seen).toEqual(expected);
  });

  it('finds the learner’s statements through a StatementRef only when the target is also theirs', async () => {
    const { statement, store, readIds } = setup();
    const target = statement(ann);
    const bobsTarget = statement(bob);
    const annRefsOwn = statement(ann, { object: { objectType: 'StatementRef', id: target.id } });
    const bobRefsAnn = statement(bob, { object: { objectType: 'StatementRef', id: target.id } });
    const annRefsBob = statement(ann, { object: { objectType: 'StatementRef', id: bobsTarget.id } });
    await store([target, bobsTarget, annRefsOwn, bobRefsAnn, annRefsBob]);
    // The verb filter matches through targets (Communication §2.1.3); both must pass the access filter.
    const verb = (target.verb as { id: string }).id;
    const ids = await readIds(annHashes, { verb });
    expect(ids).toContain(annRefsOwn.id);
    expect(ids).not.toContain(bobRefsAnn.id);
  });

  it('shows a learner of another tenant with the same identifier nothing', async () => {
    const { statement, store } = setup();
    await store([statement(ann), statement(annSha1)]);
    const elsewhere = setup();
    expect(await elsewhere.readIds(annHashes)).toEqual([]);
  });
});

describe('self access to documents (learner)', () => {
  it.each<DocumentKindV1>(['state', 'agentProfile'])(
    'reads the %s documents of their own identifiers only',
    async (kind) => {
      const { putDocument, readDocuments } = setup();
      await putDocument(kind, ann, 'a');
      await putDocument(kind, annSha1, 'b');
      await putDocument(kind, bob, 'c');
      expect(await readDocuments(kind, ann, annHashes)).toEqual(['a']);
      expect(await readDocuments(kind, annSha1, annHashes)).toEqual(['b']);
      expect(await readDocuments(kind, bob, annHashes)).toEqual([]);
      expect(await readDocuments(kind, annSha1, [hashOf(ann)])).toEqual([]);
    },
  );

  it('shows a learner of another tenant with the same identifier no documents', async () => {
    const { putDocument } = setup();
    await putDocument('state', ann, 'a');
    expect(await setup().readDocuments('state', ann, annHashes)).toEqual([]);
  });
});
