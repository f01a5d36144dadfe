// Issue 5 "Tamper evidence", over HTTP (docs/audit.md "Verifying the log"): GET /api/v1/audit/verify names the
// first broken record after each kind of tampering in SQL; signed checkpoints and the public key are there for an
// auditor to keep outside the system, and check without Custos; only the tenant's auditors and admins may call
// these routes, and every call — allowed or denied — is itself recorded in the chain.
import { createHash, createPublicKey, randomUUID, verify as verifySignature } from 'node:crypto';

import { fromHex, leafHash, type Sha256, verifyConsistency, verifyInclusion } from '@custos/merkle';

import { aStatement, xapiClient } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type SignedIn, useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
});
afterAll(async () => {
  await db?.end();
});

interface Verdict {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: string; reason: string };
  signatures?: string;
  publicKeyIds?: string[];
  checkpoints?: { total: number; valid: number; problems: { seq: string; problem: string }[] };
}

interface Checkpoint {
  tenantId: string;
  seq: string;
  hash: string;
  treeSize?: string;
  rootHash?: string;
  at: string;
  kind: string;
  publicKeyId: string;
  signature: string;
}

/** A tenant whose log holds a few reads, with an auditor, an admin, a consumer and a learner signed in. */
async function aTenant() {
  const lms = await lrs.client();
  const { tenantId } = lms;
  await lms.postStatements([aStatement(), aStatement()]);
  for (let i = 0; i < 4; i += 1) await lms.getStatements({ limit: String(i + 1) });
  const person = async (username: string, roles: ('auditor' | 'admin' | 'consumer' | 'learner')[]) => {
    await lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: roles.includes('learner') ? [{ mbox: `mailto:${randomUUID()}@example.org` }] : [],
    });
    return lrs.signIn(tenantId, username, `${username}-password-123`);
  };
  return {
    tenantId,
    lms,
    auditor: await person('auditor', ['auditor']),
    admin: await person('admin', ['admin']),
    consumer: await person('consumer', ['consumer']),
    learner: await person('learner', ['learner']),
  };
}

const verify = async (who: SignedIn) => {
  const res = await who.call('GET', '/api/v1/audit/verify');
  expect(res.status).toBe(200);
  return res.body as Verdict;
};

const sql = (text: string, params: unknown[]) => db.query(text, params);
const headOf = async (tenantId: string): Promise<number> =>
  Number((await sql(`SELECT seq FROM storage.audit_head WHERE tenant_id = $1`, [tenantId])).rows[0].seq);
const lastRecord = async (tenantId: string): Promise<Record<string, unknown>> => {
  const { rows } = await sql(
    `SELECT action, decision, principal_id, principal_kind, resource, count, reason, query
       FROM storage.audit_record WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
    [tenantId],
  );
  return rows[0] as Record<string, unknown>;
};

describe('GET /api/v1/audit/verify', () => {
  it('tells an auditor, and an admin, that a clean log is whole, and records that they asked', async () => {
    const t = await aTenant();
    const head = await headOf(t.tenantId);
    const verdict = await verify(t.auditor);
    expect(verdict).toMatchObject({ ok: true, checked: head, signatures: 'checked' });
    expect(verdict.publicKeyIds).toHaveLength(1);
    expect(await lastRecord(t.tenantId)).toMatchObject({
      action: 'audit.verify',
      decision: 'allow',
      principal_kind: 'person',
      resource: 'audit',
      count: head,
      query: { result: 'ok' },
    });
    await expect(verify(t.admin)).resolves.toMatchObject({ ok: true, checked: head + 1 });
  });

  it('answers 403 to a consumer, a learner and an xAPI credential, and records each denial', async () => {
    const t = await aTenant();
    for (const call of [t.consumer.call, t.learner.call]) {
      expect((await call('GET', '/api/v1/audit/verify')).status).toBe(403);
      expect(await lastRecord(t.tenantId)).toMatchObject({
        action: 'audit.verify',
        decision: 'deny',
        count: 0,
        reason: expect.stringMatching(/no rule/),
      });
    }
    expect((await t.lms.request('GET', '/api/v1/audit/verify')).status).toBe(403);
    expect(await lastRecord(t.tenantId)).toMatchObject({ decision: 'deny', principal_kind: 'credential' });
    expect((await t.consumer.call('POST', '/api/v1/audit/checkpoints')).status).toBe(403);
    expect((await t.learner.call('GET', '/api/v1/audit/checkpoints')).status).toBe(403);
    expect((await t.lms.request('GET', '/api/v1/audit/public-key')).status).toBe(403);
  });

  it('verifies only the caller’s own tenant', async () => {
    const a = await aTenant();
    const b = await aTenant();
    await sql(`UPDATE storage.audit_record SET count = 99 WHERE tenant_id = $1 AND seq = 1`, [b.tenantId]);
    await expect(verify(a.auditor)).resolves.toMatchObject({ ok: true });
    await expect(verify(b.auditor)).resolves.toMatchObject({ ok: false, firstBroken: { seq: '1' } });
  });

  it.each([
    {
      tamper: 'a field modified',
      change: (t: string) =>
        sql(
          `UPDATE storage.audit_record SET decision = 'allow', count = 1000 WHERE tenant_id = $1 AND seq = 3`,
          [t],
        ),
      seq: () => '3',
    },
    {
      tamper: 'a record deleted in the middle',
      change: (t: string) => sql(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 2`, [t]),
      seq: () => '2',
    },
    {
      tamper: 'the last record deleted',
      change: (t: string) =>
        sql(
          `DELETE FROM storage.audit_record WHERE tenant_id = $1
             AND seq = (SELECT max(seq) FROM storage.audit_record WHERE tenant_id = $1)`,
          [t],
        ),
      seq: (head: number) => String(head),
    },
    {
      tamper: 'a record copied in past the head',
      change: (t: string) =>
        sql(
          `INSERT INTO storage.audit_record (tenant_id, seq, at, principal_id, action, query, decision, count, reason,
             prev_hash, hash)
           SELECT tenant_id, seq + 1000, at, principal_id, action, query, decision, count, reason, hash, hash
             FROM storage.audit_record WHERE tenant_id = $1 AND seq = (SELECT seq FROM storage.audit_head WHERE tenant_id = $1)`,
          [t],
        ),
      seq: (head: number) => String(head + 1),
    },
    {
      tamper: 'two records swapped',
      change: async (t: string) => {
        await sql(`UPDATE storage.audit_record SET seq = -seq WHERE tenant_id = $1 AND seq IN (2, 3)`, [t]);
        await sql(`UPDATE storage.audit_record SET seq = 5 + seq WHERE tenant_id = $1 AND seq < 0`, [t]);
      },
      seq: () => '2',
    },
    {
      tamper: 'a checkpoint’s hash rewritten',
      change: (t: string) =>
        sql(
          `UPDATE storage.audit_checkpoint c SET hash = r.hash FROM storage.audit_record r
            WHERE c.tenant_id = $1 AND r.tenant_id = $1 AND r.seq = 1`,
          [t],
        ),
      seq: (_head: number, checkpoint: Checkpoint) => checkpoint.seq,
    },
    {
      tamper: 'a checkpoint’s signature forged',
      change: (t: string) =>
        sql(`UPDATE storage.audit_checkpoint SET signature = $2 WHERE tenant_id = $1`, [
          t,
          Buffer.alloc(64, 7).toString('base64'),
        ]),
      seq: (_head: number, checkpoint: Checkpoint) => checkpoint.seq,
    },
  ])('names the first broken record after $tamper', async ({ change, seq }) => {
    const t = await aTenant();
    const made = await t.auditor.call('POST', '/api/v1/audit/checkpoints');
    expect(made.status).toBe(201);
    const checkpoint = made.body as Checkpoint;
    await expect(verify(t.auditor)).resolves.toMatchObject({ ok: true, checkpoints: { valid: 1 } });
    const head = await headOf(t.tenantId);
    await change(t.tenantId);
    const verdict = await verify(t.auditor);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken?.seq).toBe(seq(head, checkpoint));
    expect(verdict.firstBroken?.reason).toMatch(new RegExp(`record ${seq(head, checkpoint)}`));
  });
});

describe('checkpoints and the public key', () => {
  it('can be kept outside the system and checked without Custos', async () => {
    const t = await aTenant();
    const made = await t.auditor.call('POST', '/api/v1/audit/checkpoints');
    expect(made.status).toBe(201);
    const checkpoint = made.body as Checkpoint;
    const head = await headOf(t.tenantId);
    // The checkpoint signs the head its own request's record made.
    expect(checkpoint).toMatchObject({ tenantId: t.tenantId, seq: String(head), kind: 'periodic' });
    const key = await t.admin.call('GET', '/api/v1/audit/public-key');
    expect(key.status).toBe(200);
    const { publicKeyPem, publicKeyId, algorithm } = key.body as Record<string, string>;
    expect(algorithm).toBe('Ed25519');
    expect(checkpoint.publicKeyId).toBe(publicKeyId);
    // docs/audit.md: the signed bytes are the canonical JSON of {tenantId, seq, hash, at, kind, treeSize,
    // rootHash}: a signed tree head of the log's Merkle tree, whose size is the number of records.
    const { at, hash, kind, seq, tenantId, treeSize, rootHash } = checkpoint;
    expect(treeSize).toBe(seq);
    expect(rootHash).toMatch(/^[0-9a-f]{64}$/);
    const message = Buffer.from(JSON.stringify({ at, hash, kind, rootHash, seq, tenantId, treeSize }));
    const signature = Buffer.from(checkpoint.signature, 'base64');
    expect(verifySignature(null, message, createPublicKey(publicKeyPem!), signature)).toBe(true);
    const altered = Buffer.from(JSON.stringify({ at, hash, kind, rootHash, seq: '1', tenantId, treeSize }));
    expect(verifySignature(null, altered, createPublicKey(publicKeyPem!), signature)).toBe(false);
    const stored = await sql(`SELECT hash FROM storage.audit_record WHERE tenant_id = $1 AND seq = $2`, [
      t.tenantId,
      seq,
    ]);
    expect(stored.rows[0].hash).toBe(hash);
  });

  it('are listed a page at a time, newest first, and each listing is recorded', async () => {
    const t = await aTenant();
    const made: Checkpoint[] = [];
    for (let i = 0; i < 3; i += 1) {
      made.push((await t.auditor.call('POST', '/api/v1/audit/checkpoints')).body as Checkpoint);
    }
    const seen: Checkpoint[] = [];
    let path: string | null = '/api/v1/audit/checkpoints?limit=2';
    while (path) {
      const page = await t.auditor.call('GET', path);
      expect(page.status).toBe(200);
      const body = page.body as { checkpoints: Checkpoint[]; next: string | null };
      seen.push(...body.checkpoints);
      path = body.next;
    }
    expect(seen).toEqual([...made].reverse());
    expect(await lastRecord(t.tenantId)).toMatchObject({
      action: 'audit.checkpoints.read',
      decision: 'allow',
    });
    const asc = await t.admin.call('GET', '/api/v1/audit/checkpoints?order=asc');
    expect((asc.body as { checkpoints: Checkpoint[] }).checkpoints).toEqual(made);
  });

  it('answers 400 naming a bad parameter', async () => {
    const t = await aTenant();
    const res = await t.auditor.call('GET', '/api/v1/audit/checkpoints?limit=0&colour=red');
    expect(res.status).toBe(400);
    expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'colour',
      'limit',
    ]);
  });

  it('are not signed for someone who is not signed in, nor for an xAPI credential', async () => {
    const t = await aTenant();
    const outsider = xapiClient(lrs.baseUrl, 'nobody', 'nothing');
    expect((await outsider.request('POST', '/api/v1/audit/checkpoints')).status).toBe(401);
    expect((await t.lms.request('POST', '/api/v1/audit/checkpoints')).status).toBe(403);
    const { rows } = await sql(
      `SELECT count(*)::int AS n FROM storage.audit_checkpoint WHERE tenant_id = $1`,
      [t.tenantId],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('GET /api/v1/audit/proof and the learner’s proofs (docs/audit.md "Proofs")', () => {
  const sha: Sha256 = (data) => new Uint8Array(createHash('sha256').update(data).digest());
  const leaf = (recordHash: string) => leafHash(sha, fromHex(recordHash));
  interface Inclusion {
    leafIndex: string;
    treeSize: string;
    path: string[];
    recordHash: string;
  }
  const included = (p: Inclusion, root: string) =>
    verifyInclusion(
      sha,
      leaf(p.recordHash),
      Number(p.leafIndex),
      Number(p.treeSize),
      p.path.map(fromHex),
      fromHex(root),
    );

  it('proves a record’s inclusion and the log’s consistency since a kept head, to an auditor; refuses others', async () => {
    const t = await aTenant();
    const kept = (await t.auditor.call('POST', '/api/v1/audit/checkpoints')).body as Checkpoint;
    await t.lms.getStatements({ limit: '2' });
    const res = await t.auditor.call('GET', '/api/v1/audit/proof?seq=2');
    expect(res.status).toBe(200);
    const { treeHead, inclusion } = res.body as { treeHead: Checkpoint; inclusion: Inclusion };
    expect(included(inclusion, treeHead.rootHash!)).toBe(true);
    const stored = await sql(`SELECT hash FROM storage.audit_record WHERE tenant_id = $1 AND seq = 2`, [
      t.tenantId,
    ]);
    expect(inclusion.recordHash).toBe(stored.rows[0].hash);

    const since = await t.auditor.call(
      'GET',
      `/api/v1/audit/proof?from=${kept.treeSize}&treeSize=${treeHead.treeSize}`,
    );
    expect(since.status).toBe(200);
    const { consistency } = since.body as { consistency: { from: string; to: string; path: string[] } };
    const consistent = (oldRoot: string) =>
      verifyConsistency(
        sha,
        Number(consistency.from),
        Number(consistency.to),
        consistency.path.map(fromHex),
        fromHex(oldRoot),
        fromHex(treeHead.rootHash!),
      );
    expect(consistent(kept.rootHash!)).toBe(true);
    expect(consistent(treeHead.rootHash!)).toBe(false);

    for (const query of ['', 'seq=1&from=1', 'seq=abc', 'seq=1&treeSize=999999', 'colour=red']) {
      expect((await t.auditor.call('GET', `/api/v1/audit/proof?${query}`)).status).toBe(400);
    }
    expect((await t.auditor.call('GET', '/api/v1/audit/proof?seq=999999')).status).toBe(404);
    for (const call of [t.consumer.call, t.learner.call]) {
      expect((await call('GET', '/api/v1/audit/proof?seq=1')).status).toBe(403);
    }
  });

  it('gives a learner, with each entry of their access log, a proof that it is in the signed log', async () => {
    const t = await aTenant();
    const mbox = `mailto:${randomUUID()}@example.org`;
    await lrs.people.create(t.tenantId, {
      username: 'proved',
      password: 'proved-password-123',
      roles: ['learner'],
      agents: [{ mbox }],
    });
    const learner = await lrs.signIn(t.tenantId, 'proved', 'proved-password-123');
    await t.lms.postStatements(aStatement({ actor: { objectType: 'Agent', mbox } }));
    await t.lms.getStatements({ agent: JSON.stringify({ mbox }) });
    const res = await learner.call('GET', '/api/v1/me/access-log');
    expect(res.status).toBe(200);
    const log = res.body as {
      entries: { proof?: Inclusion }[];
      treeHead: Checkpoint;
      publicKeyPem: string;
    };
    expect(log.entries.length).toBeGreaterThan(0);
    const { at, hash, kind, rootHash, seq, tenantId, treeSize } = log.treeHead;
    const message = Buffer.from(JSON.stringify({ at, hash, kind, rootHash, seq, tenantId, treeSize }));
    expect(
      verifySignature(
        null,
        message,
        createPublicKey(log.publicKeyPem),
        Buffer.from(log.treeHead.signature, 'base64'),
      ),
    ).toBe(true);
    for (const entry of log.entries) expect(included(entry.proof!, rootHash!)).toBe(true);
  });
});
