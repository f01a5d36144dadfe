// Differential test of the access machinery (DESIGN "Access model"; the consent issue requires it): for many
// random seeds, random statements and random principals, the statements PostgreSQL returns under the SQL
// access filter must be exactly those CASL's `ability.can('read', …)` allows. It grows with policies and
// grants. It also checks that the migration's SQL backfill of `is_subject` agrees with ingest.
import 'reflect-metadata';

import { createHash, randomUUID } from 'node:crypto';

import { subject } from '@casl/ability';
import { type AccessPrincipal, accessFilterFor, defineAbilityFor, XAPI_SCOPES } from '@custos/authz';
import { MessageBus, MessagingModule } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import { storageDataSource, StorageModule } from '@custos/storage';
import { ifiHash, ifiOf } from '@custos/xapi';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
let app: INestApplicationContext;
let bus: MessageBus;
let db: DataSource;

beforeAll(async () => {
  const logger = createLogger('test', 'silent');
  app = await NestFactory.createApplicationContext(
    composeRoot([
      PlatformModule.forRoot(logger),
      MessagingModule.forRoot({ transport: 'in-process', logger }),
      StorageModule.forRoot({ databaseUrl, poolSize: 4 }),
    ]),
    { logger: false },
  );
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
  return {
    id: randomUUID(),
    actor: randomActor(r),
    verb: { id: r.pick(verbs) },
    object,
    ...(Object.keys(context).length > 0 && { context }),
    stored: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    timestamp: new Date().toISOString(),
    version: '1.0.0',
    authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
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
        const ability = defineAbilityFor(principal);
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
      await migration.down(runner);
      await migration.up(runner);
      expect(await flags(runner)).toEqual(fromIngest);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
