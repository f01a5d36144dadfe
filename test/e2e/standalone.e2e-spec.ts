// Standalone mode started as a user starts it: one process, embedded PostgreSQL under the data
// directory, no NATS. POST then GET, and the data survives a restart.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { aStatement, spawnStandalone, xapiClient } from '@custos/testing';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'custos-standalone-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('standalone mode', () => {
  it('prints a generated first credential once, which then posts and reads statements', async () => {
    const first = await spawnStandalone(dataDir);
    let statementId: string;
    let more: string;
    try {
      const out = first.process.output();
      const key = /key:\s+(\S+)/.exec(out)?.[1];
      const secret = /secret:\s+(\S+)/.exec(out)?.[1];
      expect(key).toBeDefined();
      expect(secret).toBeDefined();
      const xapi = xapiClient(first.baseUrl, key!, secret!);
      const posted = await xapi.postStatements(aStatement());
      expect(posted.status).toBe(200);
      statementId = posted.body[0]!;
      const got = await xapi.getStatements<{ id: string }>({ statementId });
      expect(got.status).toBe(200);
      expect(got.body.id).toBe(statementId);
      expect((await xapi.postStatements(aStatement())).status).toBe(200);
      const page = await xapi.getStatements<{ more: string }>({ limit: '1' });
      more = page.body.more;
      expect(more).toMatch(/^\/xapi\/statements\?more=/);
      // The key `more` links are signed with is generated once, beside the data, readable by its owner only.
      expect(statSync(join(dataDir, 'cursor.key')).mode & 0o777).toBe(0o600);

      expect(await first.stop()).toBe(0);

      const second = await spawnStandalone(dataDir);
      try {
        expect(second.process.output()).not.toMatch(/secret:/);
        const again = xapiClient(second.baseUrl, key!, secret!);
        const after = await again.getStatements<{ id: string }>({ statementId });
        expect(after.status).toBe(200);
        expect(after.body.id).toBe(statementId);
        // A link issued before the restart is still good: the same key signs and checks it.
        expect((await again.request('GET', more!)).status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
  }, 120_000);

  it('keeps learner identifiers and statement content out of its info-level logs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-standalone-'));
    const lrs = await spawnStandalone(dir, {
      CUSTOS_BOOTSTRAP_KEY: 'logs',
      CUSTOS_BOOTSTRAP_SECRET: 'logs-secret-long-enough',
      CUSTOS_LOG_LEVEL: 'info',
    });
    try {
      const xapi = xapiClient(lrs.baseUrl, 'logs', 'logs-secret-long-enough');
      const statement = aStatement();
      const mbox = String(statement.actor.mbox);
      expect((await xapi.postStatements(statement)).status).toBe(200);
      expect((await xapi.getStatements({ agent: JSON.stringify({ mbox }) })).body.statements).toHaveLength(1);
      expect((await xapi.postStatements({ ...statement, verb: undefined })).status).toBe(400);
      const logs = lrs.process.output();
      expect(logs).toMatch(/"msg":"request completed"/); // it does log each request
      expect(logs).not.toContain(mbox.slice('mailto:'.length));
      expect(logs).not.toContain(String(statement.object.id));
      expect(logs).not.toContain('logs-secret-long-enough');
    } finally {
      await lrs.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('creates the bootstrap credential from CUSTOS_BOOTSTRAP_KEY / _SECRET', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-standalone-'));
    const lrs = await spawnStandalone(dir, {
      CUSTOS_BOOTSTRAP_KEY: 'school-admin',
      CUSTOS_BOOTSTRAP_SECRET: 'a-long-enough-secret',
    });
    try {
      expect(lrs.process.output()).not.toMatch(/a-long-enough-secret/);
      const xapi = xapiClient(lrs.baseUrl, 'school-admin', 'a-long-enough-secret');
      expect((await xapi.postStatements(aStatement())).status).toBe(200);
      expect((await xapi.getStatements()).body.statements).toHaveLength(1);
      expect((await xapiClient(lrs.baseUrl, 'school-admin', 'wrong').getStatements()).status).toBe(401);
    } finally {
      await lrs.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
