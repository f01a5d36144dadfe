// Explaining an access decision (GET /api/v1/explain) in storage, over real PostgreSQL and consent's published
// views: every read source of a principal is evaluated against one statement row, and each answer must be what a
// read with that source's filter decides, their union what the principal's real read decides; grants and
// objections behind the consent bases are named; the asker's own explain filter hides what they may not ask
// about; every explain is audited. Run over the in-process bus (standalone) and over real NATS (distributed).
import 'reflect-metadata';

import { randomBytes, randomUUID } from 'node:crypto';

import {
  type AccessFilter,
  type AccessPrincipal,
  accessFilterFor,
  abilityWithPolicies,
  abilityWithoutPolicies,
  type InstitutionPolicy,
  statementReadSources,
} from '@custos/authz';
import { type ExplainSourceV1 } from '@custos/contracts';
import { MessageBus, MessagingModule, NatsBus } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import { storageDataSource, StorageModule, generateAuditKeySettings } from '@custos/storage';
import { deleteNamespaceStreams, inProcessContext } from '@custos/testing';
import { ifiHash, ifiOf } from '@custos/xapi';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const namespace = `t${randomBytes(4).toString('hex')}`;
const logger = createLogger('test', 'silent');
const apps: INestApplicationContext[] = [];
const buses: Partial<Record<'in-process' | 'nats', MessageBus>> = {};
let natsClient: NatsBus | undefined;
let bus: MessageBus;
let db: DataSource;

beforeAll(async () => {
  const audit = generateAuditKeySettings();
  const standalone = await inProcessContext([StorageModule.forRoot({ databaseUrl, poolSize: 2, audit })]);
  apps.push(standalone);
  buses['in-process'] = standalone.get(MessageBus);
  // Distributed: storage as its own NATS service; the test asks it as the query part would.
  const distributed = await NestFactory.createApplicationContext(
    composeRoot([
      PlatformModule.forRoot(logger),
      MessagingModule.forRoot({ transport: 'nats', url: natsUrl, namespace, name: 'storage', logger }),
      StorageModule.forRoot({ databaseUrl, poolSize: 2, audit, outboxRelay: false }),
    ]),
    { logger: false, abortOnError: false },
  );
  apps.push(distributed);
  natsClient = await NatsBus.connect({ url: natsUrl, namespace, name: 'test-query', logger });
  buses.nats = natsClient;
  db = await storageDataSource(databaseUrl, 1).initialize();
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await natsClient?.close();
  await db?.destroy();
  await deleteNamespaceStreams(natsUrl, namespace);
});

const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
const ATTEMPTED = 'http://adlnet.gov/expapi/verbs/attempted';
const COURSE = 'https://example.org/course/';
const ann = { objectType: 'Agent', mbox: `mailto:ann-${randomUUID()}@example.org` };
const bob = { objectType: 'Agent', mbox: `mailto:bob-${randomUUID()}@example.org` };
const hashOf = (agent: Record<string, unknown>) => ifiHash(ifiOf(agent)!);

const statement = (actor: Record<string, unknown>, verb: string, activity: string) => ({
  id: randomUUID(),
  actor,
  verb: { id: verb },
  object: { objectType: 'Activity', id: activity },
  stored: new Date().toISOString(),
  timestamp: new Date().toISOString(),
  version: '1.0.0',
  authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
});

/**
 * One tenant: Ann and Bob as people; a consent policy (completions) Ann granted and Bob granted then revoked;
 * a legitimate-interest policy Bob objected to; a legal-obligation policy on the course. Statements about Ann,
 * Bob, both (a Group), and one outside the course.
 */
async function world() {
  const tenantId = `tenant-${randomUUID()}`;
  const writer = randomUUID();
  const s = {
    annCompleted: statement(ann, COMPLETED, `${COURSE}1`),
    annAttempted: statement(ann, ATTEMPTED, `${COURSE}1`),
    bobCompleted: statement(bob, COMPLETED, `${COURSE}2`),
    groupCompleted: statement(
      { objectType: 'Group', member: [ann, bob] },
      COMPLETED,
      'https://example.org/elsewhere/1',
    ),
  };
  await bus.request('storage.v1.statements.store', {
    tenantId,
    authorityCredentialId: writer,
    statements: Object.values(s),
  });

  await db.query(`INSERT INTO consent.tenant (id, name) VALUES ($1, $1)`, [tenantId]);
  const person = async (agent: Record<string, unknown>) => {
    const id = randomUUID();
    await db.query(`INSERT INTO consent.person (id, tenant_id, username) VALUES ($1, $2, $3)`, [
      id,
      tenantId,
      id,
    ]);
    await db.query(`INSERT INTO consent.person_agent (person_id, ifi, ifi_hash) VALUES ($1, $2, $3)`, [
      id,
      ifiOf(agent),
      hashOf(agent),
    ]);
    return id;
  };
  const annId = await person(ann);
  const bobId = await person(bob);
  const policy = async (lawfulBasis: InstitutionPolicy['lawfulBasis'], scope: InstitutionPolicy['scope']) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO consent.policy (id, version, tenant_id, grantee_kind, grantee_id, purpose_code, purpose_text,
         lawful_basis, scope, created_by) VALUES ($1, 1, $2, 'role', 'consumer', 'p', 'p', $3, $4, 'test')`,
      [id, tenantId, lawfulBasis, scope],
    );
    return { id, version: 1, tenantId, lawfulBasis, scope } satisfies InstitutionPolicy;
  };
  const consent = await policy('consent', { verbs: [COMPLETED] });
  const interest = await policy('legitimate-interest', {});
  const legal = await policy('legal-obligation', { activityPrefixes: [COURSE] });
  const grant = async (personId: string, revoked: boolean) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO consent.consent_grant (id, tenant_id, policy_id, policy_version, person_id, scope, revoked_at)
       VALUES ($1, $2, $3, 1, $4, '{}', $5)`,
      [id, tenantId, consent.id, personId, revoked ? new Date() : null],
    );
    return id;
  };
  const annGrant = await grant(annId, false);
  await grant(bobId, true);
  const bobObjection = randomUUID();
  await db.query(
    `INSERT INTO consent.objection (id, tenant_id, policy_id, person_id) VALUES ($1, $2, $3, $4)`,
    [bobObjection, tenantId, interest.id, bobId],
  );
  return { tenantId, writer, s, consent, interest, legal, annGrant, bobObjection };
}

const everything = (tenantId: string): AccessFilter => ({ field: 'tenantId', op: 'eq', value: tenantId });

async function explain(
  tenantId: string,
  statementId: string,
  askerFilter: AccessFilter,
  sources: ExplainSourceV1[],
  principalId = randomUUID(),
) {
  return bus.request('storage.v1.statements.explain', {
    tenantId,
    statementId,
    askerFilter,
    sources,
    audit: { principalId, action: 'explain', query: { statementId } },
  });
}

/** What a real read by id decides under `filter` (voided statements are read through voidedStatementId). */
async function readable(
  tenantId: string,
  statementId: string,
  filter: AccessFilter | null,
): Promise<boolean> {
  if (filter === null) return false;
  const reply = await bus.request('storage.v1.statements.read', {
    tenantId,
    accessFilter: filter,
    query: { statementId, relatedActivities: false, relatedAgents: false, limit: 1, ascending: false },
    audit: { principalId: randomUUID(), action: 'statements.read', query: {} },
  });
  return reply.statements.length === 1;
}

describe.each(['in-process', 'nats'] as const)('explain in storage (%s bus)', (mode) => {
  beforeAll(() => {
    bus = buses[mode]!;
  });

  it('answers per source exactly what a read with that source decides, and names grants and objections', async () => {
    const w = await world();
    const principal: AccessPrincipal = {
      kind: 'credential',
      tenantId: w.tenantId,
      credentialId: w.writer,
      scopes: ['statements/read/mine', 'statements/write'],
    };
    const policies = [w.consent, w.interest, w.legal];
    const sources = statementReadSources(principal, { policies });
    expect(sources.map((s) => s.source.kind)).toEqual(['scope', 'policy', 'policy', 'policy']);
    const wire: ExplainSourceV1[] = sources.map(({ source, filter, scopeFilter }) => ({
      filter,
      ...(scopeFilter && { scopeFilter }),
      ...(source.kind === 'policy' && source.policyId === w.consent.id && { grantsOfPolicy: w.consent.id }),
      ...(source.kind === 'policy' &&
        source.policyId === w.interest.id && { objectionsOfPolicy: w.interest.id }),
    }));
    const overall = accessFilterFor(abilityWithPolicies(principal, policies), 'read', 'Statement');

    // [scope (own writes), consent, legitimate interest, legal obligation]
    const expected: Record<keyof typeof w.s, unknown[]> = {
      annCompleted: [
        { allowed: true },
        { allowed: true, inScope: true, grantIds: [w.annGrant] },
        { allowed: true, inScope: true, objectionIds: [] },
        { allowed: true, inScope: true },
      ],
      // Ann's grant covers it (it does not narrow the policy), but the policy's scope does not.
      annAttempted: [
        { allowed: true },
        { allowed: false, inScope: false, grantIds: [w.annGrant] },
        { allowed: true, inScope: true, objectionIds: [] },
        { allowed: true, inScope: true },
      ],
      bobCompleted: [
        { allowed: true },
        { allowed: false, inScope: true, grantIds: [] },
        { allowed: false, inScope: true, objectionIds: [w.bobObjection] },
        { allowed: true, inScope: true },
      ],
      // About both: Ann's grant lets it through, Bob's objection keeps it out, and it is outside the course.
      groupCompleted: [
        { allowed: true },
        { allowed: true, inScope: true, grantIds: [w.annGrant] },
        { allowed: false, inScope: true, objectionIds: [w.bobObjection] },
        { allowed: false, inScope: false },
      ],
    };
    for (const [name, s] of Object.entries(w.s) as [keyof typeof w.s, { id: string }][]) {
      const { statement: found } = await explain(w.tenantId, s.id, everything(w.tenantId), wire);
      expect({ name, found }).toEqual({ name, found: { voided: false, sources: expected[name] } });
      for (const [i, { filter }] of sources.entries()) {
        expect({ name, i, allowed: await readable(w.tenantId, s.id, filter) }).toEqual({
          name,
          i,
          allowed: found!.sources[i]!.allowed,
        });
      }
      expect(await readable(w.tenantId, s.id, overall)).toBe(found!.sources.some((r) => r.allowed));
    }
  });

  it('follows a revocation and a withdrawal on the very next explain', async () => {
    const w = await world();
    const wire: ExplainSourceV1[] = statementReadSources(
      { kind: 'credential', tenantId: w.tenantId, credentialId: randomUUID(), scopes: [] },
      { policies: [w.consent, w.interest] },
    ).map(({ filter, scopeFilter }, i) => ({
      filter,
      scopeFilter,
      ...(i === 0 ? { grantsOfPolicy: w.consent.id } : { objectionsOfPolicy: w.interest.id }),
    }));
    const ask = async (id: string) =>
      (await explain(w.tenantId, id, everything(w.tenantId), wire)).statement!.sources.map((r) => r.allowed);
    expect(await ask(w.s.annCompleted.id)).toEqual([true, true]);
    expect(await ask(w.s.bobCompleted.id)).toEqual([false, false]);
    await db.query(`UPDATE consent.consent_grant SET revoked_at = now() WHERE id = $1`, [w.annGrant]);
    await db.query(`UPDATE consent.objection SET withdrawn_at = now() WHERE id = $1`, [w.bobObjection]);
    expect(await ask(w.s.annCompleted.id)).toEqual([false, true]);
    expect(await ask(w.s.bobCompleted.id)).toEqual([false, true]);
  });

  it('lists for a data subject only their own grants and objections, and whether anyone else is concerned', async () => {
    const w = await world();
    const wire: ExplainSourceV1[] = statementReadSources(
      { kind: 'credential', tenantId: w.tenantId, credentialId: randomUUID(), scopes: [] },
      { policies: [w.consent, w.interest] },
    ).map(({ filter, scopeFilter }, i) => ({
      filter,
      scopeFilter,
      ...(i === 0 ? { grantsOfPolicy: w.consent.id } : { objectionsOfPolicy: w.interest.id }),
    }));
    const ask = async (id: string, ownIfiHashes?: string[]) =>
      (
        await bus.request('storage.v1.statements.explain', {
          tenantId: w.tenantId,
          statementId: id,
          askerFilter: everything(w.tenantId),
          sources: wire,
          ...(ownIfiHashes && { ownIfiHashes }),
          audit: { principalId: randomUUID(), action: 'explain', query: { statementId: id } },
        })
      ).statement!;
    // The group statement is about Ann and Bob: Ann granted the consent policy, Bob objected to the other.
    const all = await ask(w.s.groupCompleted.id);
    expect(all).not.toHaveProperty('otherSubjects');
    expect(all.sources.map((r) => [r.grantIds, r.objectionIds])).toEqual([
      [[w.annGrant], undefined],
      [undefined, [w.bobObjection]],
    ]);
    const asBob = await ask(w.s.groupCompleted.id, [hashOf(bob)]);
    expect(asBob.otherSubjects).toBe(true);
    expect(asBob.sources.map((r) => [r.allowed, r.grantIds, r.objectionIds])).toEqual([
      [true, [], undefined],
      [false, undefined, [w.bobObjection]],
    ]);
    const asAnn = await ask(w.s.groupCompleted.id, [hashOf(ann)]);
    expect(asAnn.sources.map((r) => [r.grantIds, r.objectionIds])).toEqual([
      [[w.annGrant], undefined],
      [undefined, []],
    ]);
    // Ann's own statement: nobody else is concerned.
    expect((await ask(w.s.annCompleted.id, [hashOf(ann)])).otherSubjects).toBe(false);
  });

  it("finds nothing outside the asker's explain filter, in another tenant or for an unknown id; audits each", async () => {
    const w = await world();
    const learnerFilter = accessFilterFor(
      abilityWithoutPolicies({
        kind: 'person',
        tenantId: w.tenantId,
        personId: randomUUID(),
        roles: ['learner'],
        groupIds: [],
        agentIfiHashes: [hashOf(ann)],
      }),
      'explain',
      'Statement',
    )!;
    const asker = randomUUID();
    const found = async (tenantId: string, id: string, filter: AccessFilter) =>
      (await explain(tenantId, id, filter, [], asker)).statement;
    expect(await found(w.tenantId, w.s.annCompleted.id, learnerFilter)).toEqual({
      voided: false,
      sources: [],
    });
    expect(await found(w.tenantId, w.s.groupCompleted.id, learnerFilter)).not.toBeNull();
    expect(await found(w.tenantId, w.s.bobCompleted.id, learnerFilter)).toBeNull();
    expect(await found(w.tenantId, randomUUID(), everything(w.tenantId))).toBeNull();
    const other = `tenant-${randomUUID()}`;
    expect(await found(other, w.s.annCompleted.id, everything(other))).toBeNull();

    const audited: { tenant_id: string; action: string; decision: string; count: number }[] = await db.query(
      `SELECT tenant_id, action, decision, count FROM storage.audit_record WHERE principal_id = $1
        ORDER BY tenant_id = $2 DESC, seq`,
      [asker, w.tenantId],
    );
    expect(audited.map((r) => [r.tenant_id === w.tenantId, r.action, r.decision, r.count])).toEqual([
      [true, 'explain', 'allow', 1],
      [true, 'explain', 'allow', 1],
      [true, 'explain', 'deny', 0],
      [true, 'explain', 'deny', 0],
      [false, 'explain', 'deny', 0],
    ]);
  });

  it('says when the statement is voided, and decides access as voidedStatementId reads do', async () => {
    const w = await world();
    await bus.request('storage.v1.statements.store', {
      tenantId: w.tenantId,
      authorityCredentialId: w.writer,
      statements: [
        {
          ...statement(ann, 'http://adlnet.gov/expapi/verbs/voided', ''),
          object: { objectType: 'StatementRef', id: w.s.annAttempted.id },
        },
      ],
    });
    const sources = statementReadSources(
      { kind: 'credential', tenantId: w.tenantId, credentialId: w.writer, scopes: ['statements/read/mine'] },
      {},
    );
    const { statement: found } = await explain(
      w.tenantId,
      w.s.annAttempted.id,
      everything(w.tenantId),
      sources.map(({ filter }) => ({ filter })),
    );
    expect(found).toEqual({ voided: true, sources: [{ allowed: true }] });
  });
});
