// Erasure replay after a restore (docs/operations.md "Backups and erasure", docs/adr/0013 part 2). A backup of the
// data taken BEFORE an erasure brings the person back when restored: consent's row about them (username, display
// name, linked identifiers in plain) and storage's rows about them (sealed, their keys gone). `custos erasure replay`,
// run against the restored database with the CURRENT key store, finds every person the key store records as erased
// who exists again, and erases them again through the erasure job; a second run finds nothing, and another learner
// is untouched.
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { ErasureReplayReport } from '@custos/consent';
import type { ErasureViewV1 } from '@custos/contracts';
import { DataKeys, KeyStoreRepository, Sealing, tenantKeysFrom } from '@custos/storage';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs({ CUSTOS_ERASURE__POLL_SECONDS: 1 });

const CLI = fileURLToPath(new URL('../../bin/custos.js', import.meta.url));
const run = promisify(execFile);
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const verb = { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } };
const activity = (id: string) => ({ objectType: 'Activity', id });

/** A database URL like DATABASE_URL's, on the same server, naming `database`. */
const onServer = (database: string) => {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${database}`;
  return url.toString();
};

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

interface ReplayOutput {
  dryRun: boolean;
  tenants: ErasureReplayReport[];
}

describe('custos erasure replay', () => {
  it('erases again the people a restored backup brought back, once, and leaves the others', async () => {
    const tenant = aTenant();
    const tag = randomBytes(5).toString('hex');
    const email = `ana.${tag}@example.org`;
    const mbox = `mailto:${email}`;
    const accountName = `ana-account-${tag}`;
    const name = `Ana Restored ${tag}`;
    const username = `ana-${tag}`;
    const secret = `Ana's own answer ${tag}`;
    const ana = await lrs.people.create(tenant, {
      username,
      password: randomBytes(12).toString('hex'),
      roles: ['learner'],
      agents: [{ mbox }, { account: { homePage: 'https://lms.example.org', name: accountName } }],
      displayName: name,
    });
    const bobMbox = `mailto:bob.${tag}@example.org`;
    const bob = await lrs.people.create(tenant, {
      username: `bob-${tag}`,
      password: randomBytes(12).toString('hex'),
      roles: ['learner'],
      agents: [{ mbox: bobMbox }],
      displayName: `Bob Kept ${tag}`,
    });
    const adminOf = async (tenantId: string) => {
      const pw = randomBytes(12).toString('hex');
      const u = `admin-${tag}`;
      await lrs.people.create(tenantId, { username: u, password: pw, roles: ['admin'] });
      return lrs.signIn(tenantId, u, pw);
    };
    const admin = await adminOf(tenant);
    // In another tenant, Carol: under a legal hold when the backup was taken, erased once it was released.
    const other = aTenant();
    const otherAdmin = await adminOf(other);
    const carolMbox = `mailto:carol.${tag}@example.org`;
    const carol = await lrs.people.create(other, {
      username: `carol-${tag}`,
      password: randomBytes(12).toString('hex'),
      roles: ['learner'],
      agents: [{ mbox: carolMbox }],
    });
    const otherClient = await lrs.client({ tenantId: other, version: '2.0.0' });
    expect(
      (
        await otherClient.postStatements([
          {
            id: randomUUID(),
            actor: { mbox: carolMbox },
            verb,
            object: activity('https://courses.example/c'),
          },
        ])
      ).status,
    ).toBe(200);
    const hold = await otherAdmin.call('POST', '/api/v1/retention/holds', {
      reason: `Litigation ${tag}`,
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      agent: { mbox: carolMbox },
    });
    expect(hold.status).toBe(201);
    const holdId = (hold.body as { id: string }).id;
    const client = await lrs.client({ tenantId: tenant, version: '2.0.0' });
    const hers = {
      id: randomUUID(),
      actor: { name, mbox },
      verb,
      object: activity('https://courses.example/a'),
      result: { response: secret },
    };
    const bobsOwn = {
      id: randomUUID(),
      actor: { name: `Bob Kept ${tag}`, mbox: bobMbox },
      verb,
      object: activity('https://courses.example/b'),
      result: { response: `Bob's answer ${tag}` },
    };
    expect((await client.postStatements([hers, bobsOwn])).status).toBe(200);

    // The backup, taken before the erasure: every schema but the key store, which is kept apart.
    const dir = await mkdtemp(join(tmpdir(), 'custos-replay-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const databaseUrl = inject('databaseUrl');
    const dataDump = join(dir, 'data.dump');
    await run('pg_dump', [
      '-Fc',
      '--no-owner',
      '--no-privileges',
      '--exclude-schema=keys',
      '-f',
      dataDump,
      databaseUrl,
    ]);

    // The erasures: Ana's, and Carol's once her hold is released.
    const erase = async (by: typeof admin, personId: string): Promise<string> => {
      const created = await by.call('POST', `/api/v1/people/${personId}/erasure`);
      expect(created.status).toBe(201);
      const id = (created.body as ErasureViewV1).id;
      for (let view = created.body as ErasureViewV1; view.state !== 'completed';) {
        expect(['approved', 'running']).toContain(view.state);
        await new Promise((r) => setTimeout(r, 200));
        view = (await by.call('GET', `/api/v1/erasures/${id}`)).body as ErasureViewV1;
      }
      return id;
    };
    const erasureId = await erase(admin, ana.id);
    expect((await otherAdmin.call('POST', `/api/v1/retention/holds/${holdId}/release`)).status).toBe(200);
    await erase(otherAdmin, carol.id);

    // The restore: the old data, and the key store as it is now.
    const restored = `custos_replay_${tag}`;
    await run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${restored}`]);
    cleanups.push(async () => {
      await run('psql', [databaseUrl, '-c', `DROP DATABASE IF EXISTS ${restored} WITH (FORCE)`]);
    });
    const restoredUrl = onServer(restored);
    await run('pg_restore', ['--no-owner', '--no-privileges', '-d', restoredUrl, dataDump]);
    const keysDump = join(dir, 'keys.dump');
    await run('pg_dump', [
      '-Fc',
      '--no-owner',
      '--no-privileges',
      '--schema=keys',
      '-f',
      keysDump,
      databaseUrl,
    ]);
    await run('pg_restore', ['--no-owner', '--no-privileges', '-d', restoredUrl, keysDump]);

    const db = new DataSource({ type: 'postgres', url: restoredUrl });
    await db.initialize();
    cleanups.push(() => db.destroy());
    const personIds = async (): Promise<string[]> =>
      (
        await db.query<{ id: string }[]>(
          `SELECT id::text AS id FROM consent.person WHERE tenant_id = $1 ORDER BY username`,
          [tenant],
        )
      ).map((r) => r.id);
    const plainDump = async () =>
      (
        await run('pg_dump', ['--data-only', '--no-owner', '--exclude-schema=keys', restoredUrl], {
          maxBuffer: 1 << 30,
        })
      ).stdout;
    const linksOf = async (personId: string) =>
      (
        await db.query<{ ifi_hash: string }[]>(
          `SELECT ifi_hash FROM consent.person_agent WHERE person_id = $1 ORDER BY ifi_hash`,
          [personId],
        )
      ).map((r) => r.ifi_hash);
    const bobsLinks = await linksOf(bob.id);
    expect(bobsLinks.length).toBeGreaterThan(0);
    // The restore brought her back: her person row, with her username, name and identifiers in plain.
    expect(await personIds()).toContain(ana.id);
    const before = await plainDump();
    for (const needle of [username, name, email, accountName]) {
      expect(before.includes(needle), `the restored data holds ${needle}`).toBe(true);
    }

    // The command line, as an operator runs it against the restored database with the current keys.
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: restoredUrl,
      CUSTOS_KEY_STORE_KEY: lrs.keyStoreKey,
      CUSTOS_AUDIT_SIGNING_KEY: lrs.auditKeys.signingKeyPem,
      CUSTOS_AUDIT_PSEUDONYM_KEY: lrs.auditKeys.pseudonymKey,
    };
    const replayExit = async (...args: string[]): Promise<{ out: ReplayOutput; code: number }> => {
      try {
        const { stdout } = await run(process.execPath, [CLI, 'erasure', 'replay', ...args], {
          env,
          cwd: dir,
        });
        return { out: JSON.parse(stdout) as ReplayOutput, code: 0 };
      } catch (error) {
        const failed = error as { stdout: string; stderr: string; code: number };
        expect(failed.stdout, failed.stderr).not.toBe('');
        return { out: JSON.parse(failed.stdout) as ReplayOutput, code: failed.code };
      }
    };
    const replay = async (...args: string[]): Promise<ReplayOutput> => {
      const { out, code } = await replayExit(...args);
      expect(code).toBe(0);
      return out;
    };
    const ofTenant = (out: ReplayOutput) => out.tenants.find((t) => t.tenantId === tenant);

    const dry = await replay('--tenant', tenant, '--dry-run');
    expect(dry.dryRun).toBe(true);
    expect(ofTenant(dry)).toMatchObject({ foundAgain: [ana.id], erasedAgain: [] });
    expect(await personIds()).toContain(ana.id);

    const done = await replay('--tenant', tenant);
    expect(done.tenants).toHaveLength(1);
    const report = ofTenant(done)!;
    expect(report).toMatchObject({ foundAgain: [ana.id], blocked: [], alreadyOpen: [], unfinished: [] });
    expect(report.erasedAgain).toEqual([{ personId: ana.id, erasureId: expect.any(String) }]);
    const again = report.erasedAgain[0]!.erasureId;
    expect(again).not.toBe(erasureId);

    // She is gone again from consent, and her statement from storage; nothing of hers is left in plain.
    expect(await personIds()).not.toContain(ana.id);
    const [job]: { state: string; approved_by: string; requester_id: string }[] = await db.query(
      `SELECT state, approved_by, requester_id FROM consent.erasure WHERE id = $1`,
      [again],
    );
    expect(job).toEqual({ state: 'completed', approved_by: 'operator', requester_id: 'operator' });
    // Its audit record names the operator and the replay (staged in consent's outbox for the consent part's relay).
    const [requested]: { payload: Record<string, unknown> }[] = await db.query(
      `SELECT payload FROM consent.outbox
        WHERE subject = 'consent.v1.audit.recorded' AND payload->>'tenantId' = $1
          AND payload->>'action' = 'erasure.request' AND payload->'query'->>'erasureId' = $2`,
      [tenant, again],
    );
    expect(requested?.payload).toMatchObject({
      principalId: 'operator',
      basis: [{ kind: 'erasure-replay', reason: 'replay after restore' }],
    });
    const statementIds: { id: string }[] = await db.query(
      `SELECT statement_id::text AS id FROM storage.statement WHERE tenant_id = $1`,
      [tenant],
    );
    expect(statementIds.map((s) => s.id)).toEqual([bobsOwn.id]);
    const after = await plainDump();
    for (const needle of [username, name, email, sha1(mbox), accountName, secret]) {
      expect(after.includes(needle), `the data still holds ${needle} in plain form`).toBe(false);
    }

    // Bob is untouched: his person, his link, and his statement reading back as it was written.
    expect(await personIds()).toContain(bob.id);
    expect(await linksOf(bob.id)).toEqual(bobsLinks);
    const sealing = new Sealing(
      new DataKeys(new KeyStoreRepository(db), tenantKeysFrom({ provider: 'file', key: lrs.keyStoreKey })),
    );
    const [row]: { payload: Record<string, unknown> }[] = await db.query(
      `SELECT payload FROM storage.statement WHERE tenant_id = $1 AND statement_id = $2`,
      [tenant, bobsOwn.id],
    );
    const [bobs] = await sealing.unsealAll(db, tenant, [row!.payload]);
    expect(bobs).toMatchObject({ actor: bobsOwn.actor, result: bobsOwn.result });

    // Idempotent: a second run finds nobody to erase again.
    const second = await replay('--tenant', tenant);
    expect(ofTenant(second)).toMatchObject({ foundAgain: [], erasedAgain: [], blocked: [] });

    // The restored data holds Carol's hold again: her erasure is blocked by it, reported, and nothing is changed.
    const held = await replayExit('--tenant', other);
    expect(held.code).toBe(5);
    expect(held.out.tenants).toEqual([
      {
        tenantId: other,
        foundAgain: [carol.id],
        erasedAgain: [],
        blocked: [
          {
            personId: carol.id,
            erasureId: expect.any(String),
            blockers: [expect.objectContaining({ kind: 'legal-hold', holdId })],
          },
        ],
        alreadyOpen: [],
        unfinished: [],
      },
    ]);
    const [carolStill]: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM consent.person WHERE tenant_id = $1 AND id = $2`,
      [other, carol.id],
    );
    expect(carolStill!.n).toBe(1);
  });
});
