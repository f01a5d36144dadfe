// Issue 5 "Tamper detection" and docs/audit.md "Verifying the log", "Retention": records and checkpoints are
// changed directly in SQL, as someone with the database but without the signing key could, and verification
// names the first broken record each time; pruning keeps what remains verifiable; several storage replicas
// never sign or prune one head twice.
import 'reflect-metadata';

import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

import type { AuditCheckpointV1, VerifyAuditReplyV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import {
  AuditCheckpointService,
  AuditRetentionService,
  AuditVerifyService,
  generateAuditKeySettings,
  RETENTION_OPERATOR,
  StorageModule,
} from '@custos/storage';
import { inProcessContext, waitFor } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
const keys = generateAuditKeySettings();
let replicas: INestApplicationContext[];
let db: pg.Pool;

const storage = (checkpointEverySeconds?: number) =>
  inProcessContext([
    StorageModule.forRoot({
      databaseUrl,
      poolSize: 4,
      audit: keys,
      ...(checkpointEverySeconds !== undefined && { auditMaintenance: { checkpointEverySeconds } }),
    }),
  ]);

beforeAll(async () => {
  // Two storage parts on one database, as two replicas of the distributed mode are.
  replicas = [await storage(), await storage()];
  db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
});

afterAll(async () => {
  await Promise.all((replicas ?? []).map((app) => app.close()));
  await db?.end();
});

const app = () => replicas[0]!;
const verify = (tenantId: string): Promise<VerifyAuditReplyV1> =>
  app().get(AuditVerifyService).verify(tenantId);
const checkpoint = (tenantId: string) => app().get(AuditCheckpointService).checkpointIfMoved(tenantId);

/** A tenant with `n` records, each a little later than the one before. */
async function tenantWith(n: number): Promise<string> {
  const tenantId = `tamper-${randomUUID()}`;
  for (let i = 1; i <= n; i += 1) await append(tenantId, i);
  return tenantId;
}

async function append(tenantId: string, i: number): Promise<void> {
  await app()
    .get(MessageBus)
    .request('storage.v1.audit.append', {
      tenantId,
      audit: {
        principalId: randomUUID(),
        principalKind: 'credential',
        action: 'statements.read',
        resource: 'statements',
        query: { limit: i },
      },
      decision: i % 3 === 0 ? 'deny' : 'allow',
      count: i % 3 === 0 ? 0 : i,
      ...(i % 3 === 0 && { reason: 'no rule lets this principal read' }),
    });
  // Distinct times, so that a retention cutoff can fall between two records.
  await new Promise((resolve) => setTimeout(resolve, 3));
}

const sql = (text: string, params: unknown[]) => db.query(text, params);

async function recordAt(tenantId: string, seq: number) {
  const { rows } = await sql(
    `SELECT seq::text AS seq, at, principal_id, principal_kind, action, resource, query, decision, count, reason,
            prev_hash, hash
       FROM storage.audit_record WHERE tenant_id = $1 AND seq = $2`,
    [tenantId, seq],
  );
  return rows[0] as Record<string, unknown> & { hash: string; at: Date };
}

/** The hash a forger computes from the documented canonical form (docs/audit.md "The chain"). */
function forgedHash(content: Record<string, unknown>): string {
  const canonical = (value: unknown): string =>
    value === null || typeof value !== 'object'
      ? JSON.stringify(value)
      : Array.isArray(value)
        ? `[${value.map(canonical).join(',')}]`
        : `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
            .join(',')}}`;
  return createHash('sha256').update(canonical(content)).digest('hex');
}

describe('verification of a tampered log', () => {
  it('accepts a clean chain, with its checkpoint', async () => {
    const tenantId = await tenantWith(5);
    const signed = await checkpoint(tenantId);
    expect(signed).toMatchObject({ seq: '5', kind: 'periodic' });
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: true,
      checked: 5,
      headSeq: '5',
      signatures: 'checked',
      checkpoints: { total: 1, valid: 1, problems: [] },
    });
  });

  it.each([
    {
      tamper: 'a field of a record modified',
      change: (t: string) =>
        sql(`UPDATE storage.audit_record SET count = 99 WHERE tenant_id = $1 AND seq = 3`, [t]),
      seq: '3',
      reason: /record 3: content does not match its hash/,
    },
    {
      tamper: 'a record deleted in the middle',
      change: (t: string) => sql(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 3`, [t]),
      seq: '3',
      reason: /record 3 is missing \(the next record is 4\)/,
    },
    {
      tamper: 'the last record deleted',
      change: (t: string) => sql(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 5`, [t]),
      seq: '5',
      reason: /record 5 is missing: the chain ends at record 4 but its head is record 5/,
    },
    {
      tamper: 'two records swapped (reordered)',
      change: async (t: string) => {
        await sql(`UPDATE storage.audit_record SET seq = -seq WHERE tenant_id = $1 AND seq IN (3, 4)`, [t]);
        await sql(`UPDATE storage.audit_record SET seq = 7 + seq WHERE tenant_id = $1 AND seq < 0`, [t]);
      },
      seq: '3',
      reason: /record 3: previous-hash link does not match/,
    },
    {
      tamper: 'a forged record appended past the head',
      change: async (t: string) => {
        const last = await recordAt(t, 5);
        const forged = {
          tenantId: t,
          seq: '6',
          at: new Date().toISOString(),
          principalId: 'someone',
          action: 'statements.read',
          query: {},
          decision: 'allow',
          count: 0,
          reason: null,
          prevHash: last.hash,
        };
        await sql(
          `INSERT INTO storage.audit_record (tenant_id, seq, at, principal_id, action, query, decision, count,
             reason, prev_hash, hash) VALUES ($1, 6, $2, 'someone', 'statements.read', '{}', 'allow', 0, NULL, $3, $4)`,
          [t, forged.at, last.hash, forgedHash(forged)],
        );
      },
      seq: '6',
      reason: /record 6 lies beyond the chain's head/,
    },
    {
      // The forged record links to record 2 and hashes right; record 4 (the former 3) no longer does.
      tamper: 'a forged record inserted in the middle',
      change: async (t: string) => {
        const second = await recordAt(t, 2);
        await sql(`UPDATE storage.audit_record SET seq = -seq WHERE tenant_id = $1 AND seq >= 3`, [t]);
        await sql(`UPDATE storage.audit_record SET seq = 1 - seq WHERE tenant_id = $1 AND seq < 0`, [t]);
        const at = new Date(second.at.getTime() + 1).toISOString();
        const forged = {
          tenantId: t,
          seq: '3',
          at,
          principalId: 'someone',
          action: 'statements.read',
          query: {},
          decision: 'allow',
          count: 0,
          reason: null,
          prevHash: second.hash,
        };
        await sql(
          `INSERT INTO storage.audit_record (tenant_id, seq, at, principal_id, action, query, decision, count,
             reason, prev_hash, hash) VALUES ($1, 3, $2, 'someone', 'statements.read', '{}', 'allow', 0, NULL, $3, $4)`,
          [t, at, second.hash, forgedHash(forged)],
        );
        await sql(`UPDATE storage.audit_head SET seq = 6 WHERE tenant_id = $1`, [t]);
      },
      seq: '4',
      reason: /record 4: previous-hash link does not match/,
    },
  ])('names the first broken record when $tamper', async ({ change, seq, reason }) => {
    const tenantId = await tenantWith(5);
    await expect(verify(tenantId)).resolves.toMatchObject({ ok: true });
    await change(tenantId);
    const result = await verify(tenantId);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq, reason: expect.stringMatching(reason) });
  });

  it('names the record a signed checkpoint contradicts when the end of the chain was cut and the head moved back', async () => {
    const tenantId = await tenantWith(5);
    await checkpoint(tenantId);
    const fourth = await recordAt(tenantId, 4);
    await sql(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 5`, [tenantId]);
    await sql(`UPDATE storage.audit_head SET seq = 4, hash = $2 WHERE tenant_id = $1`, [
      tenantId,
      fourth.hash,
    ]);
    const result = await verify(tenantId);
    expect(result).toMatchObject({
      ok: false,
      firstBroken: {
        seq: '5',
        reason: expect.stringMatching(/record 5 is missing: the checkpoint of record 5/),
      },
      checkpoints: { problems: [{ seq: '5', problem: 'missing-record' }] },
    });
  });

  it('names the checkpoint whose hash was rewritten', async () => {
    const tenantId = await tenantWith(3);
    await checkpoint(tenantId);
    const second = await recordAt(tenantId, 2);
    await sql(`UPDATE storage.audit_checkpoint SET hash = $2 WHERE tenant_id = $1`, [tenantId, second.hash]);
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: false,
      firstBroken: {
        seq: '3',
        reason: expect.stringMatching(/checkpoint of record 3 .*signature does not verify/),
      },
      checkpoints: { valid: 0, problems: [{ seq: '3', problem: 'bad-signature' }] },
    });
  });

  it('names a checkpoint with a forged signature, and sets aside one signed with a key it does not trust', async () => {
    const tenantId = await tenantWith(4);
    const genuine = (await checkpoint(tenantId))!;
    const impostor = generateKeyPairSync('ed25519').privateKey;
    const claim = JSON.stringify({
      at: genuine.at,
      hash: genuine.hash,
      kind: 'periodic',
      seq: '4',
      tenantId,
    });
    // Signed with another key but claiming the installation's key id: the signature does not verify.
    const forged = sign(null, Buffer.from(claim), impostor).toString('base64');
    await sql(`UPDATE storage.audit_checkpoint SET signature = $2 WHERE tenant_id = $1`, [tenantId, forged]);
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: false,
      firstBroken: { seq: '4', reason: expect.stringMatching(/signature does not verify/) },
    });
    // Under a key id of its own, it proves nothing: reported, and counted as no checkpoint.
    await sql(`UPDATE storage.audit_checkpoint SET public_key_id = 'ffffffffffffffff' WHERE tenant_id = $1`, [
      tenantId,
    ]);
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: true,
      checkpoints: { valid: 0, problems: [{ seq: '4', problem: 'unknown-key' }] },
    });
  });

  it('answers over the bus, and records the verification after it', async () => {
    const tenantId = await tenantWith(2);
    const bus = app().get(MessageBus);
    const audit = {
      principalId: randomUUID(),
      principalKind: 'person' as const,
      action: 'audit.verify',
      query: {},
    };
    await expect(bus.request('storage.v1.audit.verify', { tenantId, audit })).resolves.toMatchObject({
      ok: true,
      checked: 2,
    });
    const third = await recordAt(tenantId, 3);
    expect(third).toMatchObject({ action: 'audit.verify', count: 2, query: { result: 'ok' } });
    await sql(`UPDATE storage.audit_record SET count = 7 WHERE tenant_id = $1 AND seq = 1`, [tenantId]);
    await expect(bus.request('storage.v1.audit.verify', { tenantId, audit })).resolves.toMatchObject({
      ok: false,
      firstBroken: { seq: '1' },
    });
    expect(await recordAt(tenantId, 4)).toMatchObject({ query: { result: 'broken', firstBroken: '1' } });
  });
});

describe('checkpoints', () => {
  it('are signed only when the chain moved since the last one', async () => {
    const tenantId = await tenantWith(2);
    expect(await checkpoint(tenantId)).toMatchObject({ seq: '2' });
    expect(await checkpoint(tenantId)).toBeNull();
    await append(tenantId, 3);
    expect(await checkpoint(tenantId)).toMatchObject({ seq: '3' });
  });

  it('are signed once per head by replicas signing at the same time', async () => {
    const tenantId = await tenantWith(3);
    const signed = await Promise.all(
      replicas.flatMap((r) => [1, 2].map(() => r.get(AuditCheckpointService).checkpointIfMoved(tenantId))),
    );
    expect(signed.filter((c) => c !== null)).toHaveLength(1);
    const { rows } = await sql(`SELECT seq FROM storage.audit_checkpoint WHERE tenant_id = $1`, [tenantId]);
    expect(rows).toEqual([{ seq: '3' }]);
  });

  it('are signed on a schedule', async () => {
    const tenantId = await tenantWith(2);
    const scheduled = await storage(1);
    try {
      await waitFor(
        'the scheduled checkpoint',
        async () => {
          const { rows } = await sql(`SELECT seq FROM storage.audit_checkpoint WHERE tenant_id = $1`, [
            tenantId,
          ]);
          return rows.length === 1 && rows[0].seq === '2';
        },
        10_000,
      );
    } finally {
      await scheduled.close();
    }
  });

  // Sequence numbers are bigints carried as text: ordering must be by the number (9 before 10), never the text.
  it('are read in chain order when their seqs cross a power of ten', async () => {
    const tenantId = await tenantWith(8);
    for (let i = 9; i <= 11; i += 1) {
      await checkpoint(tenantId);
      await append(tenantId, i);
    }
    await checkpoint(tenantId);
    const list = (order: 'asc' | 'desc', limit: number, after?: { seq: string; kind: string } | null) =>
      app()
        .get(MessageBus)
        .request('storage.v1.audit.checkpoints.list', {
          tenantId,
          audit: {
            principalId: randomUUID(),
            principalKind: 'person',
            action: 'audit.checkpoints.read',
            query: {},
          },
          order,
          limit,
          ...(after && { after }),
        });
    const firstPage = await list('asc', 2);
    expect(firstPage.checkpoints.map((c) => c.seq)).toEqual(['8', '9']);
    const secondPage = await list('asc', 2, firstPage.next);
    expect(secondPage.checkpoints.map((c) => c.seq)).toEqual(['10', '11']);
    expect((await list('desc', 10)).checkpoints.map((c) => c.seq)).toEqual(['11', '10', '9', '8']);
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: true,
      checkpoints: { total: 4, valid: 4, problems: [] },
    });
  });

  it('on request cover the request’s own record', async () => {
    const tenantId = await tenantWith(2);
    const made: AuditCheckpointV1 = await app()
      .get(MessageBus)
      .request('storage.v1.audit.checkpoints.create', {
        tenantId,
        audit: { principalId: randomUUID(), principalKind: 'person', action: 'audit.checkpoint', query: {} },
      });
    const third = await recordAt(tenantId, 3);
    expect(made).toMatchObject({ seq: '3', hash: third.hash });
    expect(third).toMatchObject({ action: 'audit.checkpoint' });
  });
});

describe('retention', () => {
  const DAY = 24 * 60 * 60 * 1000;
  /** Prunes as if `days` days after record `seq` was written: that record and those before it are due. */
  const pruneAfter = async (
    tenantId: string,
    seq: number,
    days = 30,
    service = app().get(AuditRetentionService),
  ) => {
    const next = await recordAt(tenantId, seq + 1);
    // `now` such that the cutoff (now - days) falls just after record `seq`, at record `seq + 1`.
    return service.prune(tenantId, days, RETENTION_OPERATOR, new Date(next.at.getTime() + days * DAY));
  };

  it('removes old records behind a signed retention-start checkpoint and records the pruning', async () => {
    const tenantId = await tenantWith(5);
    await checkpoint(tenantId); // of record 5: stays, it is after the cut
    const third = await recordAt(tenantId, 3);
    const result = await pruneAfter(tenantId, 3);
    expect(result).toMatchObject({
      pruned: 3,
      checkpoint: { seq: '3', hash: third.hash, kind: 'retention-start' },
    });
    const { rows } = await sql(
      `SELECT seq::int AS seq FROM storage.audit_record WHERE tenant_id = $1 ORDER BY seq`,
      [tenantId],
    );
    expect(rows).toEqual([{ seq: 4 }, { seq: 5 }, { seq: 6 }]);
    expect(await recordAt(tenantId, 6)).toMatchObject({
      action: 'audit.prune',
      principal_id: 'operator',
      principal_kind: 'system',
      resource: 'audit',
      count: 3,
      query: { retentionDays: 30, throughSeq: '3', throughHash: third.hash },
    });
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: true,
      checked: 3,
      startSeq: '4',
      retentionStart: { seq: '3', hash: third.hash },
      checkpoints: { total: 2, valid: 2 },
    });
  });

  it('prunes nothing, and records nothing, when no record is old enough', async () => {
    const tenantId = await tenantWith(2);
    await expect(
      app().get(AuditRetentionService).prune(tenantId, 30, RETENTION_OPERATOR),
    ).resolves.toMatchObject({
      pruned: 0,
    });
    await expect(verify(tenantId)).resolves.toMatchObject({ ok: true, checked: 2 });
  });

  it('refuses to prune a tampered log, and keeps it as evidence', async () => {
    const tenantId = await tenantWith(4);
    await sql(`UPDATE storage.audit_record SET count = 42 WHERE tenant_id = $1 AND seq = 2`, [tenantId]);
    await expect(pruneAfter(tenantId, 3)).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/broken at record 2/),
    });
    const { rows } = await sql(`SELECT count(*)::int AS n FROM storage.audit_record WHERE tenant_id = $1`, [
      tenantId,
    ]);
    expect(rows[0].n).toBe(4);
  });

  it('keeps a pruned log verifiable: tampering after the cut is still named', async () => {
    const tenantId = await tenantWith(5);
    await pruneAfter(tenantId, 2);
    await sql(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 3`, [tenantId]);
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: false,
      firstBroken: { seq: '3', reason: 'record 3 is missing (the next record is 4)' },
    });
  });

  it('notices a retention-start checkpoint that was removed, or forged to hide records', async () => {
    const tenantId = await tenantWith(6);
    await checkpoint(tenantId);
    await pruneAfter(tenantId, 2);
    // Without the retention start, verification starts at record 1 again.
    await sql(`DELETE FROM storage.audit_checkpoint WHERE tenant_id = $1 AND kind = 'retention-start'`, [
      tenantId,
    ]);
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: false,
      firstBroken: { seq: '1', reason: 'record 1 is missing (the next record is 3)' },
    });
    // A periodic checkpoint relabelled as a retention start, to hide records 3 to 6.
    await sql(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq <= 6`, [tenantId]);
    await sql(
      `UPDATE storage.audit_checkpoint SET kind = 'retention-start' WHERE tenant_id = $1 AND seq = 6`,
      [tenantId],
    );
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: false,
      firstBroken: {
        seq: '6',
        reason: expect.stringMatching(/retention-start checkpoint of record 6 is not validly signed/),
      },
    });
  });

  it('prunes once when replicas prune at the same time', async () => {
    const tenantId = await tenantWith(4);
    const results = await Promise.all(
      replicas.map((r) => pruneAfter(tenantId, 2, 30, r.get(AuditRetentionService))),
    );
    expect(results.map((r) => r.pruned).sort()).toEqual([0, 2]);
    const { rows } = await sql(
      `SELECT action FROM storage.audit_record WHERE tenant_id = $1 AND action = 'audit.prune'`,
      [tenantId],
    );
    expect(rows).toHaveLength(1);
    await expect(verify(tenantId)).resolves.toMatchObject({ ok: true, startSeq: '3' });
  });
});
