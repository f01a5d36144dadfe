// Import from another LRS (docs/flows.md "Import from another LRS"), as an institution moving to Custos does it:
// two standalone instances, the source filled through its ordinary xAPI POST, `custos import` run against the
// target's database, killed part-way and run again. Afterwards both serve the same statements (ids, content,
// voided state, attachments); a statement the source held that is not valid xAPI is refused by name; a re-run
// (an admin over the API) imports nothing new.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  anAttachment,
  aStatement,
  binaryXapi,
  createScratchDatabase,
  multipartStatements,
  readMultipart,
  type RunningProcess,
  spawnNode,
  spawnStandalone,
  type StandaloneProcess,
  waitFor,
  xapiClient,
  type XapiClient,
} from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const TOTAL = 10_000;
const VOIDS = 40;
const WITH_ATTACHMENTS = 12;
const VOIDED_VERB = { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } };
const KEY = 'import-test';
const SECRET = 'import-test-secret';

const dirs: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
let source: StandaloneProcess;
let target: StandaloneProcess;
let targetDb: pg.Pool;
let targetUrl: string;
/** The target installation's key store key (the key file standalone generated beside its data). */
let targetKeyStoreKey: string;
let sourceDb: pg.Pool;

async function instance(): Promise<{ lrs: StandaloneProcess; url: string; dir: string }> {
  const db = await createScratchDatabase(inject('databaseUrl'));
  cleanups.push(db.drop);
  const dir = mkdtempSync(join(tmpdir(), 'custos-import-'));
  dirs.push(dir);
  const lrs = await spawnStandalone(dir, {
    DATABASE_URL: db.url,
    CUSTOS_BOOTSTRAP_KEY: KEY,
    CUSTOS_BOOTSTRAP_SECRET: SECRET,
  });
  cleanups.unshift(() => lrs.stop());
  return { lrs, url: db.url, dir };
}

/** `custos import` against the target's database, as an operator runs it. */
function runImport(keyStoreKey: Record<string, string> = { CUSTOS_KEY_STORE_KEY: targetKeyStoreKey }) {
  const env = { DATABASE_URL: targetUrl, CUSTOS_LOG_LEVEL: 'warn', ...keyStoreKey };
  return spawnNode('dist/apps/cli/src/custos.js', env, [
    'import',
    '--from',
    `${source.baseUrl}/xapi`,
    '--key',
    KEY,
    '--secret',
    SECRET,
  ]);
}

/** The exit code of a process once it ends by itself. */
const exited = (p: RunningProcess) =>
  new Promise<number | null>((resolve) => {
    if (p.child.exitCode !== null) resolve(p.child.exitCode);
    else p.child.once('exit', (code) => resolve(code));
  });

/** Every statement a GET /statements serves, oldest first, by id. */
async function everything(xapi: XapiClient): Promise<Map<string, Record<string, unknown>>> {
  const all = new Map<string, Record<string, unknown>>();
  let page = await xapi.getStatements({ ascending: 'true', limit: '500' });
  for (;;) {
    expect(page.status).toBe(200);
    for (const s of page.body.statements) all.set(String(s.id), s);
    if (!page.body.more) return all;
    page = await xapi.request('GET', page.body.more);
  }
}

/** A statement as both LRSs must agree on it: everything but `stored` (each LRS's own). */
const content = ({ stored: _stored, ...rest }: Record<string, unknown>) => rest;

/** Statements by id as one comparable list (key order as the store serves them: the same on both sides). */
const canonical = (statements: Map<string, Record<string, unknown>>): string[] =>
  [...statements.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => JSON.stringify(content(s)));

beforeAll(async () => {
  const a = await instance();
  const b = await instance();
  source = a.lrs;
  target = b.lrs;
  targetUrl = b.url;
  targetKeyStoreKey = readFileSync(join(b.dir, 'key-store.key'), 'utf8').trim();
  targetDb = new pg.Pool({ connectionString: b.url, max: 2 });
  sourceDb = new pg.Pool({ connectionString: a.url, max: 2 });
  cleanups.unshift(
    () => targetDb.end(),
    () => sourceDb.end(),
  );
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('import from another LRS', () => {
  it('moves 10,000 statements with attachments and voids, interrupted and resumed, and a re-run adds nothing', async () => {
    const xapiA = xapiClient(source.baseUrl, KEY, SECRET);
    const xapiB = xapiClient(target.baseUrl, KEY, SECRET);
    // The source, filled as any LRP fills an LRS: batches of 500, some statements with attachments, some voided.
    const plain = TOTAL - VOIDS - WITH_ATTACHMENTS;
    const ids: string[] = [];
    for (let i = 0; i < plain; i += 500) {
      const batch = Array.from({ length: Math.min(500, plain - i) }, () => ({
        ...aStatement(),
        id: randomUUID(),
      }));
      const posted = await xapiA.postStatements(batch);
      expect(posted.status).toBe(200);
      ids.push(...posted.body);
    }
    const files = Array.from({ length: WITH_ATTACHMENTS }, (_, i) => anAttachment(`certificate ${i}`));
    const withFiles = files.map((f) => ({ ...aStatement(), id: randomUUID(), attachments: [f.metadata] }));
    const multipart = multipartStatements(
      withFiles,
      files.map((f) => ({ data: f.data })),
    );
    const posted = await binaryXapi(source.baseUrl, KEY, SECRET)('POST', '/xapi/statements', multipart);
    expect(posted.status).toBe(200);
    // Voids of statements spread over the source's pages, one of them a statement with an attachment.
    const voidedIds = [...Array.from({ length: VOIDS - 1 }, (_, i) => ids[i * 211]!), withFiles[0]!.id];
    const voids = voidedIds.map((id) => ({
      ...aStatement(),
      verb: VOIDED_VERB,
      object: { objectType: 'StatementRef', id },
    }));
    expect((await xapiA.postStatements(voids)).status).toBe(200);
    // A statement no Custos would accept, as a laxer LRS may hold: its verb id is no IRI.
    const invalid = ids[5_000]!;
    await sourceDb.query(
      `UPDATE storage.statement SET payload = jsonb_set(payload, '{verb,id}', '"not an IRI"') WHERE statement_id = $1`,
      [invalid],
    );

    // Without the installation's key store key the import would seal under a key storage cannot open: refused.
    const keyless = runImport({});
    expect(await exited(keyless)).toBe(1);
    expect(keyless.output()).toMatch(/needs the installation's key store key/);
    expect((await targetDb.query(`SELECT 1 FROM storage.import_job`)).rows).toEqual([]);

    // Interrupted: the importing process is killed once a few pages are written.
    const first = runImport();
    const pagesWritten = async () =>
      (await targetDb.query<{ pages: number }>(`SELECT pages FROM storage.import_job`)).rows[0]?.pages ?? 0;
    await waitFor(
      'a few pages imported',
      async () => first.child.exitCode !== null || (await pagesWritten()) >= 4,
    );
    expect(first.child.exitCode, first.output()).toBeNull();
    await first.stop('SIGKILL');
    const killedAt = await targetDb.query<{ state: string; pages: number; more_url: string | null }>(
      `SELECT state, pages, more_url FROM storage.import_job`,
    );
    expect(killedAt.rows).toEqual([
      { state: 'running', pages: expect.any(Number), more_url: expect.any(String) },
    ]);
    expect(killedAt.rows[0]!.pages).toBeLessThan(20);

    // Resumed by running the same command again: it goes on from the job's cursor.
    const second = runImport();
    expect(await exited(second)).toBe(4); // some statements were refused
    const output = second.output();
    expect(output).toMatch(/resumed after page \d+/);
    const job = JSON.parse(output.slice(output.indexOf('{'))) as Record<string, unknown>;
    expect(job).toMatchObject({
      state: 'completed',
      refused: 1,
      refusals: [{ id: invalid, reason: expect.stringMatching(/^invalid statement: .*verb/) }],
    });
    // Every valid statement of the source, its voided ones included, imported once (a page written twice is skipped).
    expect((job.imported as number) + (job.skipped as number)).toBeGreaterThanOrEqual(TOTAL - 1);

    // Identical afterwards: the same statements served, with the same content.
    const [onA, onB] = await Promise.all([everything(xapiA), everything(xapiB)]);
    onA.delete(invalid);
    expect(onB.size).toBe(TOTAL - VOIDS - 1);
    expect(canonical(onB)).toEqual(canonical(onA));
    // The voided ones: hidden from queries on both, served by voidedStatementId with the same content.
    await Promise.all(
      voidedIds.map(async (id) => {
        const [fromA, fromB, byId] = await Promise.all([
          xapiA.getStatements({ voidedStatementId: id }),
          xapiB.getStatements({ voidedStatementId: id }),
          xapiB.getStatements({ statementId: id }),
        ]);
        expect(fromB.status).toBe(200);
        expect(content(fromB.body as unknown as Record<string, unknown>)).toEqual(
          content(fromA.body as unknown as Record<string, unknown>),
        );
        expect(byId.status).toBe(404);
      }),
    );
    // The attachments came with their statements.
    const b = binaryXapi(target.baseUrl, KEY, SECRET);
    for (const [i, statement] of withFiles.entries()) {
      const param = i === 0 ? 'voidedStatementId' : 'statementId';
      const got = await b('GET', `/xapi/statements?${param}=${statement.id}&attachments=true`);
      expect(got.status).toBe(200);
      const parts = readMultipart(got.headers.get('content-type')!, got.body);
      expect(parts.slice(1).map((p) => p.body.toString())).toEqual([`certificate ${i}`]);
    }
    // Provenance: the source and the original `stored` of every imported statement.
    const provenance = await targetDb.query<{ n: string; sources: string[] }>(
      `SELECT count(*)::text AS n, array_agg(DISTINCT source) AS sources FROM storage.statement_provenance`,
    );
    expect(provenance.rows).toEqual([{ n: String(TOTAL - 1), sources: [`${source.baseUrl}/xapi`] }]);

    // A re-run, this time by an admin over the API: a new job, nothing new.
    const password = 'an-admin-password';
    const created = spawnNode('dist/apps/cli/src/custos.js', { DATABASE_URL: targetUrl }, [
      'users',
      'create',
      '--tenant',
      'default',
      '--username',
      'admin',
      '--password',
      password,
      '--roles',
      'admin',
    ]);
    expect(await exited(created), created.output()).toBe(0);
    const login = await fetch(`${target.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: 'default', username: 'admin', password }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${target.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const rerun = await api('POST', '/api/v1/imports', {
      from: `${source.baseUrl}/xapi`,
      key: KEY,
      secret: SECRET,
    });
    expect(rerun.status).toBe(201);
    expect(rerun.body.id).not.toBe(job.id);
    let ended: Record<string, unknown> = {};
    await waitFor(
      'the re-run to end',
      async () => {
        ended = (await api('GET', `/api/v1/imports/${String(rerun.body.id)}`)).body;
        return ended.state !== 'running';
      },
      120_000,
    );
    expect(ended).toMatchObject({ state: 'completed', imported: 0, skipped: TOTAL - 1, refused: 1 });
  }, 600_000);
});
