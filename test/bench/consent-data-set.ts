// The consent bench's data set: one tenant with 1,000,000 statements about 20,000 learners,
// half of whom granted a consumer's `consent` policy. The installation's own set-up (clients,
// admin, consumer, policy) goes through the parts' code over the in-process bus; the learners,
// grants and statements are bulk-loaded in SQL (bulk-load.ts) and checked against a sample
// written through the real code (load-check.ts). Kept in its own data directory and reused by
// later runs, so only the first run pays for it.
import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CredentialPrincipalV1 } from '@custos/contracts';
import { ConsentModule, CredentialsService, PeopleService } from '@custos/consent';
import { IngestModule } from '@custos/ingest';
import { MessageBus } from '@custos/messaging';
import { migrateAll, openStandaloneDatabase } from '@custos/standalone';
import { generateAuditKeySettings, StorageModule } from '@custos/storage';
import { inProcessContext } from '@custos/testing';
import pg from 'pg';

import { analyseParts } from './analyse.js';
import { loadLearners, loadStatements, settleLikeAutovacuum } from './bulk-load.js';
import { LEARNERS, learnerUsername, STATEMENTS } from './learning-records.js';
import { authorityIfiHash, CHECK_TENANT, checkBulkRows, personPrincipal } from './load-check.js';

/** Bump when the shape of the data set changes: an older one is then rebuilt. */
const SHAPE_VERSION = 2;
const TENANT = 'bench';
/** The standalone's default public URL: the homePage of the authority on the statements. */
const PUBLIC_URL = 'http://127.0.0.1:8080';

export interface ConsentDataSet {
  shapeVersion: number;
  tenantId: string;
  learners: number;
  grants: number;
  statements: number;
  /** An xAPI client with `statements/read`: the whole tenant, no consent filtering. */
  reader: { key: string; secret: string };
  /** The person the policy names as grantee; reads through the learners' grants. */
  consumer: { username: string; password: string };
  policyId: string;
  /**
   * A second consumer, reading through a `consent` policy only one learner granted (ONE_GRANT_LEARNER): the read
   * that must start from the grants. Added to a reused data set by the first run that knows it.
   */
  oneGrantConsumer?: { username: string; password: string };
  seedSeconds: number;
}

/** The learner who granted the one-grant consumer's policy (one with statements, who also grants the other). */
export const ONE_GRANT_LEARNER = 4242;

export interface OpenDataSet {
  dataSet: ConsentDataSet;
  databaseUrl: string;
  /** True when this run built the data set, false when an earlier run's was reused. */
  seeded: boolean;
  stop: () => Promise<void>;
}

const markerOf = (dataDir: string): string => join(dataDir, 'consent-data-set.json');
/** Written first, so a directory the bench did not make is never wiped. */
const ownerOf = (dataDir: string): string => join(dataDir, 'custos-bench.owner');

function readMarker(dataDir: string): ConsentDataSet | undefined {
  if (!existsSync(markerOf(dataDir))) return undefined;
  const dataSet = JSON.parse(readFileSync(markerOf(dataDir), 'utf8')) as ConsentDataSet;
  return dataSet.shapeVersion === SHAPE_VERSION && dataSet.statements === STATEMENTS ? dataSet : undefined;
}

/** An empty directory for a new data set; an older or half-built one of the bench is removed. */
function freshDirectory(dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    if (!existsSync(ownerOf(dataDir))) {
      throw new Error(`${dataDir} holds something else than a bench data set; choose another directory`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(ownerOf(dataDir), 'Data set of `npm run bench -- consent`; safe to delete.\n');
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

/**
 * Starts the embedded PostgreSQL of `dataDir` (where a standalone Custos started on the same
 * directory joins it) with the data set in it, building the data set first if no finished one
 * is there. A directory without the marker is a build that was cut short: it starts over.
 */
export async function openConsentDataSet(dataDir: string): Promise<OpenDataSet> {
  let dataSet = readMarker(dataDir);
  if (!dataSet) freshDirectory(dataDir);
  const database = await openStandaloneDatabase(dataDir);
  try {
    // Later migrations (e.g. a new index) apply to a reused data set like to any installation.
    await migrateAll(database.url);
    const seeded = !dataSet;
    if (!dataSet) {
      dataSet = await seed(database.url);
      writeFileSync(markerOf(dataDir), JSON.stringify(dataSet, null, 2), { mode: 0o600 });
    }
    if (!dataSet.oneGrantConsumer) {
      dataSet = { ...dataSet, oneGrantConsumer: await addOneGrantConsumer(database.url, dataSet.tenantId) };
      writeFileSync(markerOf(dataDir), JSON.stringify(dataSet, null, 2), { mode: 0o600 });
    }
    await readyToMeasure(database.url, dataSet);
    return { dataSet, databaseUrl: database.url, seeded, stop: database.stop };
  } catch (err) {
    await database.stop();
    throw err;
  }
}

/**
 * Before any figure: the store still holds the whole data set (a reused directory may have been
 * written to), and the planner has statistics for every table (analyse.ts).
 */
async function readyToMeasure(databaseUrl: string, dataSet: ConsentDataSet): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows: count } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM storage.statement WHERE tenant_id = $1`,
      [dataSet.tenantId],
    );
    if (count[0]!.n !== dataSet.statements) {
      throw new Error(
        `the data set's tenant holds ${count[0]!.n} statements, not ${dataSet.statements}: delete the directory to rebuild`,
      );
    }
    log(`  ${await analyseParts(db)}`);
  } finally {
    await db.end();
  }
}

/**
 * The one-grant consumer: a person, and a `consent` policy naming them that ONE_GRANT_LEARNER granted, made as
 * the seed makes the first (people and policy through consent's code, the grant as the bulk load writes grants).
 */
async function addOneGrantConsumer(
  databaseUrl: string,
  tenantId: string,
): Promise<NonNullable<ConsentDataSet['oneGrantConsumer']>> {
  const app = await inProcessContext([
    ConsentModule.forRoot({
      databaseUrl,
      poolSize: 2,
      publicUrl: PUBLIC_URL,
      bootstrapOnStart: false,
      outboxRelay: false,
    }),
  ]);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const people = app.get(PeopleService);
    const admin = await people.create(tenantId, { username: 'bench-admin-1', roles: ['admin'], agents: [] });
    const password = randomBytes(12).toString('base64url');
    const consumer = await people.create(tenantId, {
      username: 'bench-consumer-1',
      password,
      roles: ['consumer'],
      agents: [],
    });
    const { policy } = await app.get(MessageBus).request('consent.v1.policies.create', {
      principal: personPrincipal(admin),
      policy: {
        grantee: { kind: 'person', id: consumer.id },
        purpose: { code: 'mentoring', text: 'Your mentor follows your progress to help you.' },
        lawfulBasis: 'consent',
        scope: {},
        redactFields: [],
      },
    });
    await db.query(
      `INSERT INTO consent.consent_grant (id, tenant_id, policy_id, policy_version, person_id, scope, expires_at)
       SELECT gen_random_uuid(), $1, $2, $3, p.id, '{}'::jsonb, NULL
         FROM consent.person p WHERE p.tenant_id = $1 AND p.username = $4`,
      [tenantId, policy.id, policy.version, learnerUsername(ONE_GRANT_LEARNER)],
    );
    log('  added a consumer whose policy one learner granted');
    return { username: consumer.username, password };
  } finally {
    await db.end();
    await app.close();
  }
}

async function seed(databaseUrl: string): Promise<ConsentDataSet> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  log(`Building the consent data set (${STATEMENTS.toLocaleString('en')} statements, once) …`);
  const app = await inProcessContext([
    StorageModule.forRoot({ databaseUrl, poolSize: 2, audit: generateAuditKeySettings() }),
    ConsentModule.forRoot({
      databaseUrl,
      poolSize: 2,
      publicUrl: PUBLIC_URL,
      bootstrapOnStart: false,
      outboxRelay: false,
    }),
    IngestModule,
  ]);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const bus = app.get(MessageBus);
    const people = app.get(PeopleService);
    const credentials = app.get(CredentialsService);
    const writerOf = async (tenantId: string) => {
      const { credential, secret } = await credentials.create({
        tenantId,
        name: 'LMS',
        // An LMS describes its own courses: its definitions are the canonical ones storage keeps
        // (docs/access-model.md "Activity definitions"), as the bulk load writes them.
        scopes: ['statements/write', 'define'],
      });
      const { principal } = await bus.request('consent.v1.credentials.authenticate', {
        key: credential.key,
        secret,
      });
      return principal as CredentialPrincipalV1;
    };

    // What an installation's admin does by hand: clients, the consumer, the policy.
    const lms = await writerOf(TENANT);
    const reader = await credentials.create({
      tenantId: TENANT,
      name: 'reader',
      scopes: ['statements/read'],
    });
    const admin = await people.create(TENANT, { username: 'bench-admin', roles: ['admin'], agents: [] });
    const consumerPassword = randomBytes(12).toString('base64url');
    const consumer = await people.create(TENANT, {
      username: 'bench-consumer',
      password: consumerPassword,
      roles: ['consumer'],
      agents: [],
    });
    const { policy } = await bus.request('consent.v1.policies.create', {
      principal: personPrincipal(admin),
      policy: {
        grantee: { kind: 'person', id: consumer.id },
        purpose: { code: 'tutoring', text: 'Your tutor follows your progress to help you.' },
        lawfulBasis: 'consent',
        scope: {},
        redactFields: [],
      },
    });

    const client = await db.connect();
    let grants: number;
    try {
      grants = await loadLearners(client, TENANT, LEARNERS, policy);
    } finally {
      client.release();
    }
    log(`  ${LEARNERS.toLocaleString('en')} learners, ${grants.toLocaleString('en')} grants (${elapsed()})`);

    const tenth = STATEMENTS / 10;
    let reported = 0;
    await loadStatements(
      db,
      TENANT,
      { credentialId: lms.credentialId, authority: lms.authority, authorityIfiHash: authorityIfiHash(lms) },
      LEARNERS,
      STATEMENTS,
      (done) => {
        if (done - reported < tenth) return;
        reported = done;
        log(`  ${done.toLocaleString('en')} statements (${elapsed()})`);
      },
    );

    await checkBulkRows({
      bus,
      people,
      db,
      tenantId: TENANT,
      benchAuthority: authorityIfiHash(lms),
      checkWriter: await writerOf(CHECK_TENANT),
    });
    log(`  a sample written again through consent, ingest and storage has the same rows (${elapsed()})`);

    await settleLikeAutovacuum(db);
    log(`  vacuumed and analysed as autovacuum would (${elapsed()})`);
    return {
      shapeVersion: SHAPE_VERSION,
      tenantId: TENANT,
      learners: LEARNERS,
      grants,
      statements: STATEMENTS,
      reader: { key: reader.credential.key, secret: reader.secret },
      consumer: { username: consumer.username, password: consumerPassword },
      policyId: policy.id,
      seedSeconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await db.end();
    await app.close();
  }
}
