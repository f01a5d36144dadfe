// Differential test of the access machinery (DESIGN "Access model"; the consent issue requires it): for many
// random seeds, random statements and random principals, the statements PostgreSQL returns under the SQL
// access filter must be exactly those CASL's `ability.can('read', …)` allows. It grows with policies and
// grants (and context-activity scopes), and the parts each returned statement keeps must be exactly those CASL's
// `permittedFieldsOf` permits, in the statement and in a SubStatement it carries alike. It also checks that the migrations' SQL backfills of `is_subject` and
// of the context activities agree with ingest.
import 'reflect-metadata';

import { createHash, randomUUID } from 'node:crypto';

import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import {
  type AccessPrincipal,
  accessFilterFor,
  abilityWithPolicies,
  abilityWithoutPolicies,
  type InstitutionPolicy,
  LAWFUL_BASES,
  STATEMENT_READ_FIELDS,
  statementRedactionPlan,
  XAPI_SCOPES,
} from '@custos/authz';
import { MessageBus } from '@custos/messaging';
import { storageDataSource, StorageModule, generateAuditKeySettings } from '@custos/storage';
import { ifiHash, ifiOf, REDACTABLE_STATEMENT_FIELDS } from '@custos/xapi';
import { inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
let app: INestApplicationContext;
let bus: MessageBus;
let db: DataSource;

beforeAll(async () => {
  app = await inProcessContext([
    StorageModule.forRoot({ databaseUrl, poolSize: 4, audit: generateAuditKeySettings() }),
  ]);
  bus = app.get(MessageBus);
  db = await storageDataSource(databaseUrl, 1).initialize();
});

afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

/** mulberry32: small, seedable, good enough to pick test data. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], p: number): T[] => list.filter(() => next() < p);
  return { next, pick, some };
}

type Agent = Record<string, unknown>;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
// A small pool, so actors, objects and linked agents collide often. Eve's domain is in upper case: the
// identifier is canonicalised (Data §2.4.2.3) before hashing, in ingest and in the migration's SQL alike.
const people: Agent[] = [
  { objectType: 'Agent', mbox: 'mailto:ann@example.com' },
  { objectType: 'Agent', mbox_sha1sum: sha1('mailto:ann@example.com') },
  { objectType: 'Agent', mbox: 'mailto:bob@example.com' },
  { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'carl' } },
  { objectType: 'Agent', openid: 'https://openid.example.org/dan' },
  { objectType: 'Agent', mbox: 'mailto:Eve@EXAMPLE.com' },
];
const teams: Agent[] = [
  { objectType: 'Group', mbox: 'mailto:team@example.com' },
  { objectType: 'Group', account: { homePage: 'https://lms.example.com', name: 'team-2' } },
];
const hashOf = (agent: Agent) => ifiHash(ifiOf(agent)!);
const poolHashes = [...people, ...teams].map(hashOf);
const verbs = ['http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/attempted'];
const registrations = [null, randomUUID(), randomUUID()];
const ROLES = ['learner', 'admin', 'auditor', 'consumer'];

type Rng = ReturnType<typeof rng>;

function randomActor(r: Rng): Agent {
  const x = r.next();
  if (x < 0.6) return r.pick(people);
  const members = r.some(people, 0.35);
  if (x < 0.8) return { objectType: 'Group', member: members.length > 0 ? members : [r.pick(people)] };
  return { ...r.pick(teams), ...(members.length > 0 && { member: members }) };
}

function randomStatement(r: Rng, n: number): Record<string, unknown> {
  const x = r.next();
  const object =
    x < 0.5
      ? { objectType: 'Activity', id: `https://example.com/activities/${Math.floor(r.next() * 3)}` }
      : x < 0.75
        ? r.pick(people)
        : { objectType: 'Group', member: r.some(people, 0.4).concat([r.pick(people)]) };
  const registration = r.pick(registrations);
  const context: Record<string, unknown> = {};
  if (r.next() < 0.3) context.instructor = r.pick(people);
  if (registration) context.registration = registration;
  const contextActivities = randomContextActivities(r);
  if (contextActivities) context.contextActivities = contextActivities;
  if (r.next() < 0.3) Object.assign(context, randomRedactableContext(r));
  const result = randomResult(r);
  return {
    id: randomUUID(),
    actor: randomActor(r),
    verb: { id: r.pick(verbs) },
    // Now and then a SubStatement whose own context names a course: it must not count as the statement's. Its
    // own result and context carry redactable parts, which a redacting policy removes there too.
    object:
      r.next() < 0.2
        ? {
            objectType: 'SubStatement',
            actor: r.pick(people),
            verb: { id: r.pick(verbs) },
            object: { objectType: 'Activity', id: 'https://example.com/activities/9' },
            ...(r.next() < 0.7 && { result: randomResult(r) ?? { response: 'inner answer' } }),
            context: {
              contextActivities: { parent: [{ id: r.pick(CONTEXT_IRIS) }] },
              platform: 'inner-lms',
              ...randomRedactableContext(r),
            },
            ...(r.next() < 0.3 && { attachments: [ATTACHMENT] }),
          }
        : object,
    ...(result && { result }),
    ...(Object.keys(context).length > 0 && { context }),
    stored: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    timestamp: new Date().toISOString(),
    version: '1.0.0',
    authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
  };
}

const ATTACHMENT = {
  usageType: 'https://example.com/usage/essay',
  display: { en: 'essay' },
  contentType: 'text/plain',
  length: 5,
  sha2: 'a'.repeat(64),
};

/** Some of a result's redactable parts, or none. */
function randomResult(r: Rng): Record<string, unknown> | undefined {
  if (r.next() < 0.4) return undefined;
  const result: Record<string, unknown> = {};
  if (r.next() < 0.6) result.response = `answer ${Math.floor(r.next() * 100)}`;
  if (r.next() < 0.6) result.score = { scaled: Math.round(r.next() * 100) / 100 };
  if (r.next() < 0.5) result.success = r.next() < 0.5;
  if (r.next() < 0.3) result.extensions = { 'https://example.com/ext/time': 12 };
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Some redactable context parts other than context activities and registration. */
function randomRedactableContext(r: Rng): Record<string, unknown> {
  return {
    ...(r.next() < 0.4 && { instructor: r.pick(people) }),
    ...(r.next() < 0.3 && { team: r.pick(teams) }),
    ...(r.next() < 0.3 && { language: 'en' }),
    ...(r.next() < 0.3 && { extensions: { 'https://example.com/ext/seat': 'b2' } }),
  };
}

/**
 * The statement without `fields`, computed here independently of @custos/xapi: removed from the statement and
 * from its SubStatement (Data §2.4.4.3), a result or context left empty dropped.
 */
function withoutFields(
  statement: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const strip = (o: Record<string, unknown>) => {
    const copy = structuredClone(o);
    for (const field of fields) {
      const [head, tail] = field.split('.') as [string, string | undefined];
      const part = copy[head] as Record<string, unknown> | undefined;
      if (tail === undefined) delete copy[head];
      else if (part !== undefined) {
        delete part[tail];
        if (Object.keys(part).length === 0) delete copy[head];
      }
    }
    return copy;
  };
  const top = strip(statement);
  const object = top.object as Record<string, unknown>;
  if (object.objectType === 'SubStatement') top.object = strip(object);
  return top;
}

// Context activities collide with the policy prefixes below, `_` and `%` included, and repeat across kinds.
const CONTEXT_IRIS = [
  'https://example.com/courses/a/',
  'https://example.com/courses/a/unit-1',
  'https://example.com/courses/ab',
  'https://example.com/courses_a',
  'https://example.com/courses/%/x',
  'https://example.com/profile/cmi5',
];
const CONTEXT_KINDS = ['parent', 'grouping', 'category', 'other'] as const;

/** Some kinds, each an array of Activities or (xAPI 1.0) a single Activity object; sometimes none. */
function randomContextActivities(r: Rng): Record<string, unknown> | undefined {
  if (r.next() < 0.3) return undefined;
  const result: Record<string, unknown> = {};
  for (const kind of r.some(CONTEXT_KINDS, 0.45)) {
    const iris = r.some(CONTEXT_IRIS, 0.3);
    if (iris.length === 0) iris.push(r.pick(CONTEXT_IRIS));
    result[kind] =
      iris.length === 1 && r.next() < 0.3
        ? { objectType: 'Activity', id: iris[0] }
        : iris.map((id) => ({ objectType: 'Activity', id }));
  }
  return result;
}

/** The statement's own context activities per set field, from the payload, independently of storage. */
function contextActivityFields(statement: Record<string, unknown>) {
  const lists = ((statement.context as Agent | undefined)?.contextActivities ?? {}) as Record<
    string,
    unknown
  >;
  const ids = (kind: string) => {
    const value = lists[kind];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((a) => (a as { id: string }).id);
  };
  return {
    parentActivityIds: ids('parent'),
    groupingActivityIds: ids('grouping'),
    categoryActivityIds: ids('category'),
    otherActivityIds: ids('other'),
  };
}

/** The data subjects of a statement, computed here from the payload, independently of storage. */
function subjectHashes(statement: Record<string, unknown>): string[] {
  const actor = statement.actor as Agent;
  const members = actor.objectType === 'Group' ? ((actor.member as Agent[] | undefined) ?? []) : [];
  return [actor, ...members].filter((a) => ifiOf(a) !== undefined).map(hashOf);
}

function randomPrincipal(
  r: Rng,
  tenants: readonly string[],
  credentials: readonly string[],
): AccessPrincipal {
  const tenantId = r.next() < 0.15 ? tenants[1]! : tenants[0]!;
  if (r.next() < 0.4) {
    return {
      kind: 'credential',
      tenantId,
      credentialId: r.pick(credentials),
      scopes: r.some(XAPI_SCOPES, 0.2),
    };
  }
  const roles = ROLES.filter((role) => r.next() < (role === 'learner' ? 0.75 : 0.25));
  return {
    kind: 'person',
    tenantId,
    personId: randomUUID(),
    roles,
    groupIds: [],
    agentIfiHashes: r.some(poolHashes, 0.25),
  };
}

const SEEDS = 40;
const STATEMENTS = 24;
const PRINCIPALS = 8;

describe('SQL access filter versus CASL (differential)', () => {
  it(`agrees on every statement for ${SEEDS} seeds × ${PRINCIPALS} random principals`, async () => {
    let allowedSomewhere = 0;
    let deniedSomewhere = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = rng(seed);
      const tenants = [`tenant-${randomUUID()}`, `tenant-${randomUUID()}`];
      const credentials = [randomUUID(), randomUUID(), randomUUID()];
      const stored: { statement: Record<string, unknown>; authorityCredentialId: string }[] = [];
      for (const authorityCredentialId of credentials.slice(0, 2)) {
        const batch = Array.from({ length: STATEMENTS / 2 }, (_, i) => randomStatement(r, stored.length + i));
        await bus.request('storage.v1.statements.store', {
          tenantId: tenants[0]!,
          authorityCredentialId,
          statements: batch,
        });
        stored.push(...batch.map((statement) => ({ statement, authorityCredentialId })));
      }

      for (let p = 0; p < PRINCIPALS; p++) {
        const principal = randomPrincipal(r, tenants, credentials);
        const ability = abilityWithoutPolicies(principal);
        const expected = stored
          .filter(({ statement, authorityCredentialId }) =>
            ability.can(
              'read',
              subject('Statement', {
                tenantId: tenants[0]!,
                authorityCredentialId,
                verbIri: (statement.verb as { id: string }).id,
                objectActivityId:
                  (statement.object as Agent).objectType === 'Activity'
                    ? (statement.object as { id: string }).id
                    : null,
                registration:
                  ((statement.context as Agent | undefined)?.registration as string | undefined) ?? null,
                stored: statement.stored as string,
                subjectIfiHashes: subjectHashes(statement),
              }),
            ),
          )
          .map(({ statement }) => statement.id as string)
          .toSorted();

        const accessFilter = accessFilterFor(ability, 'read', 'Statement');
        let actual: string[] = [];
        if (accessFilter !== null) {
          const reply = await bus.request('storage.v1.statements.read', {
            tenantId: tenants[0]!,
            accessFilter,
            query: { relatedActivities: false, relatedAgents: false, limit: 0, ascending: false },
            audit: { principalId: randomUUID(), action: 'statements.read', query: {} },
          });
          actual = reply.statements.map((s) => s.id as string).toSorted();
        }
        expect({ seed, principal, ids: actual }).toEqual({ seed, principal, ids: expected });
        if (expected.length > 0) allowedSomewhere++;
        if (expected.length < stored.length) deniedSomewhere++;
      }
    }
    // The generator must exercise both sides, or agreement would prove little.
    expect(allowedSomewhere).toBeGreaterThan(SEEDS);
    expect(deniedSomewhere).toBeGreaterThan(SEEDS);
  });

  it(`agrees with random institution policies, grants and objections for ${SEEDS} seeds`, async () => {
    let allowedSomewhere = 0;
    let deniedSomewhere = 0;
    let byGrant = 0;
    let byContextScope = 0;
    let redactedInSubStatement = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = rng(10_000 + seed);
      const tenantId = `tenant-${randomUUID()}`;
      const statements = Array.from({ length: STATEMENTS }, (_, i) => randomStatement(r, i));
      await bus.request('storage.v1.statements.store', {
        tenantId,
        authorityCredentialId: randomUUID(),
        statements,
      });
      const world = await randomConsentWorld(r, tenantId);

      for (let p = 0; p < PRINCIPALS; p++) {
        const policies = r.some(world.policies, 0.5);
        const principal: AccessPrincipal = {
          kind: 'credential',
          tenantId,
          credentialId: randomUUID(),
          scopes: [],
        };
        const ability = abilityWithPolicies(principal, policies);
        const readable = statements.flatMap((statement) => {
          const subjects = new Set(subjectHashes(statement));
          const fields = statementFields(tenantId, statement);
          const row = subject('Statement', {
            ...fields,
            ...contextActivityFields(statement),
            authorityCredentialId: randomUUID(),
            subjectIfiHashes: [...subjects],
            // Computed here from the generated rows, independently of the views.
            grantedPolicyIds: world.grants
              .filter((g) => g.active && g.hashes.some((h) => subjects.has(h)) && grantCovers(g, fields))
              .map((g) => g.policyId),
            objectedPolicyIds: world.objections
              .filter((o) => o.active && o.hashes.some((h) => subjects.has(h)))
              .map((o) => o.policyId),
          });
          if (!ability.can('read', row)) return [];
          // CASL's own answer: a part is visible when some rule matching the statement permits it.
          const permitted = new Set(
            permittedFieldsOf(ability, 'read', row, {
              fieldsFrom: (rule) => rule.fields ?? [...STATEMENT_READ_FIELDS],
            }),
          );
          const removed = REDACTABLE_STATEMENT_FIELDS.filter((f) => !permitted.has(f));
          return [{ id: statement.id as string, payload: withoutFields(statement, removed), removed }];
        });
        const expected = readable.map((s) => s.id).toSorted();

        const accessFilter = accessFilterFor(ability, 'read', 'Statement');
        const redaction = statementRedactionPlan(ability.rules);
        let actual: string[] = [];
        let payloads = new Map<string, Record<string, unknown>>();
        if (accessFilter !== null) {
          const reply = await bus.request('storage.v1.statements.read', {
            tenantId,
            accessFilter,
            ...(redaction && { redaction }),
            query: { relatedActivities: false, relatedAgents: false, limit: 0, ascending: false },
            audit: { principalId: randomUUID(), action: 'statements.read', query: {} },
          });
          actual = reply.statements.map((s) => s.id as string).toSorted();
          payloads = new Map(reply.statements.map((s) => [s.id as string, s]));
        }
        expect({ seed, policies, ids: actual }).toEqual({ seed, policies, ids: expected });
        for (const { id, payload, removed } of readable) {
          expect({ seed, policies, id, payload: payloads.get(id) }).toEqual({ seed, policies, id, payload });
          if (removed.length > 0 && (payload.object as Agent).objectType === 'SubStatement') {
            redactedInSubStatement++;
          }
        }
        if (expected.length > 0) allowedSomewhere++;
        if (expected.length < statements.length) deniedSomewhere++;
        if (policies.some((pol) => pol.lawfulBasis === 'consent') && expected.length > 0) byGrant++;
        if (policies.some((pol) => pol.scope.contextActivities) && expected.length > 0) byContextScope++;
      }
    }
    expect(allowedSomewhere).toBeGreaterThan(SEEDS);
    expect(deniedSomewhere).toBeGreaterThan(SEEDS);
    expect(byGrant).toBeGreaterThan(SEEDS / 4);
    expect(byContextScope).toBeGreaterThan(SEEDS / 4);
    expect(redactedInSubStatement).toBeGreaterThan(SEEDS / 4);
  });

  it('recomputes the same is_subject flags in the migration as ingest sets', async () => {
    const r = rng(4242);
    const tenantId = `tenant-${randomUUID()}`;
    const statements = Array.from({ length: 60 }, (_, i) => randomStatement(r, i));
    await bus.request('storage.v1.statements.store', {
      tenantId,
      authorityCredentialId: randomUUID(),
      statements,
    });
    const flags = (q: { query: (sql: string, params: unknown[]) => Promise<unknown> }) =>
      q.query(
        `SELECT s.statement_id, a.ifi_hash, a.is_subject FROM storage.statement_agent a
           JOIN storage.statement s ON s.seq = a.statement_seq
          WHERE a.tenant_id = $1 ORDER BY 1, 2`,
        [tenantId],
      ) as Promise<{ statement_id: string; ifi_hash: string; is_subject: boolean }[]>;
    const fromIngest = await flags(db);
    expect(fromIngest.some((f) => f.is_subject)).toBe(true);
    expect(fromIngest.some((f) => !f.is_subject)).toBe(true);
    const subjectCount = statements.reduce((n, s) => n + new Set(subjectHashes(s)).size, 0);
    expect(fromIngest.filter((f) => f.is_subject)).toHaveLength(subjectCount);

    const migration = db.migrations.find((m) => m.name === 'AddStatementAgentSubject1795000004000')!;
    // Undo and redo the real migration inside a transaction that is rolled back: the column starts from its
    // default, the backfill recomputes it from payloads, and nothing outside this test sees any of it.
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      // The migration ran before statements were sealed (migration 1799001000000): over plain payloads, as here.
      await runner.query(
        `UPDATE storage.statement s SET payload = p.payload
           FROM jsonb_to_recordset($2::jsonb) AS p(id uuid, payload jsonb)
          WHERE s.tenant_id = $1 AND s.statement_id = p.id`,
        [tenantId, JSON.stringify(statements.map((st) => ({ id: st.id, payload: st })))],
      );
      await migration.down(runner);
      await migration.up(runner);
      expect(await flags(runner)).toEqual(fromIngest);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('context activities backfill', () => {
  it('recomputes in the migration exactly the context-activity rows ingest writes', async () => {
    const r = rng(4343);
    const tenantId = `tenant-${randomUUID()}`;
    const statements = Array.from({ length: 60 }, (_, i) => randomStatement(r, i));
    await bus.request('storage.v1.statements.store', {
      tenantId,
      authorityCredentialId: randomUUID(),
      statements,
    });
    const rows = (q: { query: (sql: string, params: unknown[]) => Promise<unknown> }) =>
      q.query(
        `SELECT s.statement_id, c.kind, c.activity_iri FROM storage.statement_context_activity c
           JOIN storage.statement s ON s.seq = c.statement_seq
          WHERE c.tenant_id = $1 ORDER BY 1, 2, 3`,
        [tenantId],
      ) as Promise<{ statement_id: string; kind: number; activity_iri: string }[]>;
    const fromIngest = await rows(db);
    const expectedCount = statements.reduce(
      (n, s) => n + Object.values(contextActivityFields(s)).reduce((m, ids) => m + new Set(ids).size, 0),
      0,
    );
    expect(fromIngest).toHaveLength(expectedCount);
    expect(expectedCount).toBeGreaterThan(20);

    const migration = db.migrations.find((m) => m.name === 'CreateStatementContextActivities1795000005000')!;
    // As above: undo and redo the real migration in a transaction that is rolled back.
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      // The shared database may hold other tests' statements with context-activity IRIs longer than this
      // migration's index could take (bounded-keys writes a 1 MB one; migration 1796000004000 came later to
      // bound them). Set those aside in this rolled-back transaction, so the replay sees what it was written for.
      await runner.query(
        `DELETE FROM storage.statement
          WHERE tenant_id <> $1 AND length(payload -> 'context' ->> 'contextActivities') > 2000`,
        [tenantId],
      );
      await migration.down(runner);
      await migration.up(runner);
      expect(await rows(runner)).toEqual(fromIngest);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

/** The scalar fields of a statement as the access rules name them, from the payload. */
function statementFields(tenantId: string, statement: Record<string, unknown>) {
  return {
    tenantId,
    verbIri: (statement.verb as { id: string }).id,
    objectActivityId:
      (statement.object as Agent).objectType === 'Activity' ? (statement.object as { id: string }).id : null,
    registration: ((statement.context as Agent | undefined)?.registration as string | undefined) ?? null,
    stored: statement.stored as string,
  };
}

interface TestGrant {
  policyId: string;
  hashes: string[];
  active: boolean;
  verbs?: string[];
  activityPrefixes?: string[];
}

interface TestObjection {
  policyId: string;
  hashes: string[];
  active: boolean;
}

function grantCovers(g: TestGrant, s: { verbIri: string; objectActivityId: string | null }): boolean {
  if (g.verbs && !g.verbs.includes(s.verbIri)) return false;
  const id = s.objectActivityId;
  if (g.activityPrefixes && (id === null || !g.activityPrefixes.some((p) => id.startsWith(p)))) return false;
  return true;
}

// `_` and `%` in a prefix must be literal characters for LIKE: `activities_` would match `activities/` if not.
const PREFIXES = [
  'https://example.com/activities/',
  'https://example.com/activities/1',
  'https://example.com/activities_',
  'https://example.com/activities/%',
  'https://example.com/',
];

// Prefixes of the context IRIs above: literal `_` and `%`, a prefix of a prefix, one that matches nothing.
const CONTEXT_PREFIXES = [
  'https://example.com/courses/a/',
  'https://example.com/courses/a',
  'https://example.com/courses_',
  'https://example.com/courses/%',
  'https://example.com/profile/',
  'https://example.com/none/',
];

/** One to three kinds, each with one to three prefixes. */
function randomContextScope(r: Rng): Partial<Record<(typeof CONTEXT_KINDS)[number], string[]>> {
  const kinds = r.some(CONTEXT_KINDS, 0.35);
  if (kinds.length === 0) kinds.push(r.pick(CONTEXT_KINDS));
  return Object.fromEntries(
    kinds.map((kind) => {
      const prefixes = r.some(CONTEXT_PREFIXES, 0.3).slice(0, 3);
      return [kind, prefixes.length > 0 ? prefixes : [r.pick(CONTEXT_PREFIXES)]];
    }),
  );
}

/**
 * Random people (with linked agents from the pool), policies (some with an older superseded version), grants
 * (some revoked, expired, for an old version, or narrowed) and objections (some withdrawn), written straight
 * into consent's tables; returns what the test needs to compute the expected sets itself.
 */
async function randomConsentWorld(r: Rng, tenantId: string) {
  await db.query(`INSERT INTO consent.tenant (id, name) VALUES ($1, $1)`, [tenantId]);
  const persons = [];
  // An identifier belongs to one person of a tenant (consent's unique link): a later person does not get it.
  const linked = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const id = randomUUID();
    const hashes = [...new Set(r.some(poolHashes, 0.3))].filter((h) => !linked.has(h));
    hashes.forEach((h) => linked.add(h));
    await db.query(`INSERT INTO consent.person (id, tenant_id, username) VALUES ($1, $2, $3)`, [
      id,
      tenantId,
      `p${i}`,
    ]);
    for (const h of hashes) {
      await db.query(`INSERT INTO consent.person_agent (person_id, ifi, ifi_hash) VALUES ($1, $2, $2)`, [
        id,
        h,
      ]);
    }
    persons.push({ id, hashes });
  }
  const policies: InstitutionPolicy[] = [];
  for (let i = 0; i < 4; i++) {
    const id = randomUUID();
    const lawfulBasis = r.pick(LAWFUL_BASES);
    const scope = {
      ...(r.next() < 0.4 && { verbs: r.some(verbs, 0.6) }),
      ...(r.next() < 0.4 && { activityPrefixes: r.some(PREFIXES, 0.4) }),
      ...(r.next() < 0.2 && {
        registrations: r.some(
          registrations.filter((x) => x !== null),
          0.6,
        ),
      }),
      ...(r.next() < 0.3 && { storedFrom: new Date(Date.UTC(2025, 0, 1, 0, 0, 5)).toISOString() }),
      ...(r.next() < 0.3 && { storedUntil: new Date(Date.UTC(2025, 0, 1, 0, 0, 18)).toISOString() }),
      ...(r.next() < 0.5 && { contextActivities: randomContextScope(r) }),
    };
    const versions = r.next() < 0.3 ? 2 : 1;
    for (let v = 1; v <= versions; v++) {
      await db.query(
        `INSERT INTO consent.policy (id, version, tenant_id, grantee_kind, grantee_id, purpose_code, purpose_text,
           lawful_basis, scope, created_by, superseded_at)
         VALUES ($1, $2, $3, 'role', 'consumer', 'p', 'p', $4, $5, 'test', $6)`,
        [id, v, tenantId, lawfulBasis, scope, v < versions ? new Date() : null],
      );
    }
    const redactFields = r.next() < 0.6 ? r.some(REDACTABLE_STATEMENT_FIELDS, 0.4) : [];
    policies.push({ id, version: versions, tenantId, lawfulBasis, scope, redactFields });
  }
  const grants: TestGrant[] = [];
  const objections: TestObjection[] = [];
  for (const person of persons) {
    for (const policy of policies) {
      if (r.next() < 0.6) {
        const revoked = r.next() < 0.15;
        const expired = r.next() < 0.15;
        const oldVersion = policy.version > 1 && r.next() < 0.5;
        const narrowing = {
          ...(r.next() < 0.3 && { verbs: r.some(verbs, 0.5) }),
          ...(r.next() < 0.3 && { activityPrefixes: r.some(PREFIXES, 0.5) }),
        };
        await db.query(
          // A grant for an older version was superseded when the policy got its new version, as consent does.
          `INSERT INTO consent.consent_grant (id, tenant_id, policy_id, policy_version, person_id, scope, expires_at,
             revoked_at, policy_superseded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            randomUUID(),
            tenantId,
            policy.id,
            oldVersion ? 1 : policy.version,
            person.id,
            narrowing,
            expired ? new Date(Date.now() - 1000) : r.next() < 0.5 ? new Date(Date.now() + 3_600_000) : null,
            revoked ? new Date() : null,
            oldVersion ? new Date() : null,
          ],
        );
        grants.push({
          policyId: policy.id,
          hashes: person.hashes,
          active: !revoked && !expired && !oldVersion,
          ...narrowing,
        });
      }
      if (r.next() < 0.3) {
        const withdrawn = r.next() < 0.3;
        await db.query(
          `INSERT INTO consent.objection (id, tenant_id, policy_id, person_id, withdrawn_at) VALUES ($1, $2, $3, $4, $5)`,
          [randomUUID(), tenantId, policy.id, person.id, withdrawn ? new Date() : null],
        );
        objections.push({ policyId: policy.id, hashes: person.hashes, active: !withdrawn });
      }
    }
  }
  return { policies, grants, objections };
}
