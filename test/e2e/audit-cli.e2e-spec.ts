// `custos audit verify` and `custos audit prune` (docs/audit.md "Verifying the log", "Retention") as an auditor
// or an operator runs them against a distributed installation's database: the built command line in its own
// process. It names the first broken record on stdout (JSON) and stderr (one line) and exits 2; checks with the
// public key and checkpoints the auditor kept; never makes keys of its own beside someone else's database.
import { execFile } from 'node:child_process';
import { createPublicKey, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { MessageBus } from '@custos/messaging';
import {
  AuditCheckpointService,
  generateAuditKeySettings,
  RetentionService,
  StorageModule,
} from '@custos/storage';
import { inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

const databaseUrl = inject('databaseUrl');
const CLI = fileURLToPath(new URL('../../bin/custos.js', import.meta.url));
const keys = generateAuditKeySettings();
let storage: INestApplicationContext;
let db: pg.Pool;
let cwd: string;

beforeAll(async () => {
  storage = await inProcessContext([StorageModule.forRoot({ databaseUrl, poolSize: 2, audit: keys })]);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // A directory of its own, to see that the command line leaves no keys in ./data there.
  cwd = await mkdtemp(join(tmpdir(), 'custos-audit-cli-'));
});

afterAll(async () => {
  await storage?.close();
  await db?.end();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

interface Run {
  code: number;
  json: Record<string, unknown>;
  stderr: string;
}

/** Runs `custos audit …`; with `withKeys`, the storage part's keys are in the environment as in a deployment. */
function custos(args: string[], withKeys = false): Promise<Run> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl };
  if (withKeys) {
    env.CUSTOS_AUDIT_PSEUDONYM_KEY = keys.pseudonymKey;
    env.CUSTOS_AUDIT_SIGNING_KEY = keys.signingKeyPem;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'audit', ...args], { env, cwd }, (err, stdout, stderr) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        // no JSON on stdout (a usage error)
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, json, stderr });
    });
  });
}

async function tenantWith(n: number): Promise<string> {
  const tenantId = `cli-${randomUUID()}`;
  const bus = storage.get(MessageBus);
  for (let i = 1; i <= n; i += 1) {
    await bus.request('storage.v1.audit.append', {
      tenantId,
      audit: {
        principalId: randomUUID(),
        principalKind: 'credential',
        action: 'statements.read',
        query: { i },
      },
      decision: 'allow',
      count: i,
    });
  }
  return tenantId;
}

const sql = (text: string, params: unknown[]) => db.query(text, params);

describe('custos audit verify', () => {
  it('without the keys, verifies the chain, says signatures were not checked, and makes no keys', async () => {
    const tenantId = await tenantWith(3);
    await storage.get(AuditCheckpointService).checkpointIfMoved(tenantId);
    const run = await custos(['verify', '--tenant', tenantId]);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({
      ok: true,
      checked: 3,
      signatures: 'not-checked',
      checkpoints: { valid: 1 },
    });
    expect(run.stderr).toMatch(/OK, 3 records verified.*signatures were NOT checked/);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('with the configured key, checks signatures; a forged one is named', async () => {
    const tenantId = await tenantWith(3);
    await storage.get(AuditCheckpointService).checkpointIfMoved(tenantId);
    await expect(custos(['verify', '--tenant', tenantId], true)).resolves.toMatchObject({
      code: 0,
      json: { ok: true, signatures: 'checked', checkpoints: { valid: 1 } },
    });
    await sql(`UPDATE storage.audit_checkpoint SET signature = $2 WHERE tenant_id = $1`, [
      tenantId,
      Buffer.alloc(64, 1).toString('base64'),
    ]);
    const run = await custos(['verify', '--tenant', tenantId], true);
    expect(run).toMatchObject({ code: 2, json: { ok: false, firstBroken: { seq: '3' } } });
    expect(run.stderr).toMatch(/BROKEN at record 3: .*signature does not verify/);
  });

  it.each([
    ['a field modified', `UPDATE storage.audit_record SET count = 0 WHERE tenant_id = $1 AND seq = 2`, '2'],
    ['a record deleted', `DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 2`, '2'],
    ['the last record deleted', `DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 4`, '4'],
  ])('names the first broken record after %s, and exits 2', async (_what, tamper, seq) => {
    const tenantId = await tenantWith(4);
    await sql(tamper, [tenantId]);
    const run = await custos(['verify', '--tenant', tenantId]);
    expect(run).toMatchObject({ code: 2, json: { ok: false, firstBroken: { seq } } });
    expect(run.stderr).toMatch(new RegExp(`BROKEN at record ${seq}: `));
  });

  it('checks the checkpoints and the public key an auditor kept: a chain cut short with its head is named', async () => {
    const tenantId = await tenantWith(5);
    const kept = await storage.get(AuditCheckpointService).checkpointIfMoved(tenantId);
    const keyFile = join(cwd, `${tenantId}.pem`);
    const keptFile = join(cwd, `${tenantId}.json`);
    const publicKey = createPublicKey(keys.signingKeyPem);
    await writeFile(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(keptFile, JSON.stringify({ checkpoints: [kept] }));
    // Someone with the database removes the last two records, the head and the stored checkpoint with them.
    const { rows } = await sql(`SELECT hash FROM storage.audit_record WHERE tenant_id = $1 AND seq = 3`, [
      tenantId,
    ]);
    await sql(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq > 3`, [tenantId]);
    await sql(`DELETE FROM storage.audit_checkpoint WHERE tenant_id = $1`, [tenantId]);
    await sql(`UPDATE storage.audit_head SET seq = 3, hash = $2 WHERE tenant_id = $1`, [
      tenantId,
      rows[0].hash,
    ]);
    // The head's signed tree head still holds five records: even without the kept checkpoints, the cut shows.
    await expect(custos(['verify', '--tenant', tenantId])).resolves.toMatchObject({
      code: 2,
      json: {
        ok: false,
        firstBroken: {
          seq: '4',
          reason: expect.stringMatching(/the tree head of record 5|record 4 is missing/),
        },
      },
    });
    const run = await custos([
      'verify',
      '--tenant',
      tenantId,
      '--public-key',
      keyFile,
      '--checkpoints',
      keptFile,
    ]);
    expect(run).toMatchObject({
      code: 2,
      json: {
        ok: false,
        signatures: 'checked',
        firstBroken: { seq: '4' },
        kept: { total: 1, problems: [{ seq: '5', problem: 'missing-record' }] },
      },
    });
    expect(run.stderr).toMatch(/BROKEN at record 4: record 4 is missing: the checkpoint of record 5/);
  });
});

describe('custos audit prune', () => {
  it('prunes records older than --days behind a retention start; the rest still verifies', async () => {
    // Three records written 40 days ago (the clock is outside our system), two now.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 40 * 24 * 60 * 60 * 1000);
    let tenantId: string;
    try {
      tenantId = await tenantWith(3);
    } finally {
      vi.useRealTimers();
    }
    await storage.get(MessageBus).request('storage.v1.audit.append', {
      tenantId,
      audit: { principalId: 'c', action: 'statements.read', query: {} },
      decision: 'allow',
      count: 0,
    });
    const pruned = await custos(['prune', '--tenant', tenantId, '--days', '30'], true);
    expect(pruned).toMatchObject({
      code: 0,
      json: { pruned: 3, checkpoint: { seq: '3', kind: 'retention-start' } },
    });
    const verified = await custos(['verify', '--tenant', tenantId], true);
    expect(verified).toMatchObject({ code: 0, json: { ok: true, checked: 2, startSeq: '4' } });
  });

  it('refuses to prune without the signing key', async () => {
    const tenantId = await tenantWith(1);
    const run = await custos(['prune', '--tenant', tenantId, '--days', '30']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/set CUSTOS_AUDIT_SIGNING_KEY/);
  });
});

describe('custos audit verify-evidence', () => {
  /** Runs the built command line with no database and no keys in its environment: offline, as an auditor would. */
  function offline(args: string[]): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, 'audit', 'verify-evidence', ...args],
        { env: { PATH: process.env.PATH ?? '' }, cwd },
        (err, _stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
  }

  it('accepts a pack with the public key alone, and refuses it changed, naming what failed', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const tenantId = await tenantWith(4);
    const pack = await storage.get(MessageBus).request('storage.v1.audit.evidence', {
      tenantId,
      from,
      to: new Date(Date.now() + 60_000).toISOString(),
      audit: { principalId: 'auditor', principalKind: 'person', action: 'audit.evidence', query: {} },
    });
    const keyFile = join(cwd, 'auditor-key.pem');
    await writeFile(
      keyFile,
      createPublicKey(keys.signingKeyPem).export({ type: 'spki', format: 'pem' }).toString(),
    );
    const packFile = join(cwd, 'evidence.json');
    await writeFile(packFile, JSON.stringify(pack));
    const ok = await offline([packFile, '--public-key', keyFile]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^evidence pack of cli-.*: OK, 4 records/);
    expect(existsSync(join(cwd, 'data'))).toBe(false);

    pack.records[1]!.count = 99;
    await writeFile(packFile, JSON.stringify(pack));
    const changed = await offline([packFile, '--public-key', keyFile]);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('REFUSED: record 2: its content does not match its hash');

    const noKey = await offline([packFile]);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('usage: custos audit verify-evidence FILE --public-key KEY.pem');
  });
});

describe('custos records-of-processing', () => {
  function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, 'records-of-processing', ...args],
        { env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl }, cwd },
        (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('prints the tenant’s records of processing from the database, as JSON or Markdown', async () => {
    const tenantId = `cli-${randomUUID()}`;
    const admin = {
      kind: 'person' as const,
      tenantId,
      personId: randomUUID(),
      username: 'admin',
      roles: ['admin' as const],
      groupIds: [],
      agentIfiHashes: [],
    };
    await storage.get(RetentionService).createRule({
      principal: admin,
      rule: { name: 'Everything after a year', olderThanDays: 365 },
    });
    const json = await run(['--tenant', tenantId]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      tenantId,
      activities: [],
      retentionRules: [{ name: 'Everything after a year', olderThanDays: 365 }],
      safeguards: expect.arrayContaining([expect.objectContaining({ id: 'audit-log' })]) as unknown,
    });
    const md = await run(['--tenant', tenantId, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Records of processing \(GDPR Art\. 30\)\n/);
    expect(md.stdout).toContain(
      '- Everything after a year: statements are deleted 365 days after they were stored',
    );
    expect((await run(['--tenant', tenantId, '--format', 'pdf'])).code).toBe(1);
  });
});
