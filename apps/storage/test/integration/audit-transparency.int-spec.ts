// Issue 13 "The audit log as a Merkle transparency log" (ADR 0010, docs/audit.md "How records become the log",
// "Proofs"): requests write their records without a per-tenant lock, a sequencer per tenant chains them into the
// hash chain and the Merkle tree in batches and signs each tree head; a record committed but not sequenced (its
// process died) is sequenced by the next round; every record's inclusion and the consistency between two heads
// can be proved, and a forged proof, a rewritten tree node or a rewritten head is caught. Real PostgreSQL, two
// storage replicas on one database.
import 'reflect-metadata';

import { createHash, createPublicKey, randomUUID, verify as verifySignature } from 'node:crypto';

import type { AuditCheckpointV1, AuditProofV1, VerifyAuditReplyV1 } from '@custos/contracts';
import {
  Frontier,
  fromHex,
  leafHash,
  type Sha256,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '@custos/merkle';
import { MessageBus } from '@custos/messaging';
import {
  AuditCheckpointService,
  AuditVerifyService,
  generateAuditKeySettings,
  StorageModule,
} from '@custos/storage';
import { inProcessContext, waitFor } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
const keys = generateAuditKeySettings();
const publicKey = createPublicKey(keys.signingKeyPem);
const sha: Sha256 = (data) => new Uint8Array(createHash('sha256').update(data).digest());
let replicas: INestApplicationContext[];
let db: pg.Pool;

beforeAll(async () => {
  const storage = () =>
    inProcessContext([
      StorageModule.forRoot({ databaseUrl, poolSize: 4, audit: keys, auditSequenceEveryMs: 100 }),
    ]);
  replicas = [await storage(), await storage()];
  db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
});

afterAll(async () => {
  await Promise.all((replicas ?? []).map((app) => app.close()));
  await db?.end();
});

const sql = async <T>(text: string, params: unknown[]): Promise<T[]> =>
  (await db.query(text, params)).rows as T[];
const audit = (action = 'statements.read') => ({
  principalId: randomUUID(),
  principalKind: 'credential' as const,
  action,
  resource: 'statements',
  query: {},
});

function append(tenantId: string, replica = 0): Promise<unknown> {
  return replicas[replica]!.get(MessageBus).request('storage.v1.audit.append', {
    tenantId,
    audit: audit(),
    decision: 'allow',
    count: 1,
  });
}

async function tenantWith(n: number): Promise<string> {
  const tenantId = `merkle-${randomUUID()}`;
  for (let i = 0; i < n; i += 1) await append(tenantId);
  return tenantId;
}

const verify = (tenantId: string): Promise<VerifyAuditReplyV1> =>
  replicas[0]!.get(AuditVerifyService).verify(tenantId);

const proof = (tenantId: string, params: { seq?: string; from?: string; treeSize?: string }) =>
  replicas[0]!.get(MessageBus).request('storage.v1.audit.proof', {
    tenantId,
    audit: audit('audit.proof.read'),
    ...params,
  });

const leafOfRecord = (recordHash: string) => leafHash(sha, fromHex(recordHash));

/** The tree rebuilt by the test from the chain's record hashes, as an auditor with an export would. */
async function rebuiltRoot(tenantId: string, size: number): Promise<string> {
  const rows = await sql<{ hash: string }>(
    `SELECT hash FROM storage.audit_record WHERE tenant_id = $1 ORDER BY seq LIMIT $2`,
    [tenantId, size],
  );
  const tree = Frontier.empty(sha);
  for (const row of rows) tree.append(leafOfRecord(row.hash));
  return toHex(tree.root());
}

/** The signature of a signed tree head, checked the documented way (docs/audit.md "Verifying the log"). */
function signedByStorage(head: AuditCheckpointV1): boolean {
  const { at, hash, kind, rootHash, seq, tenantId, treeSize } = head;
  const message = Buffer.from(JSON.stringify({ at, hash, kind, rootHash, seq, tenantId, treeSize }));
  return verifySignature(null, message, publicKey, Buffer.from(head.signature, 'base64'));
}

function includes(reply: AuditProofV1, root: string): boolean {
  const inclusion = reply.inclusion!;
  return verifyInclusion(
    sha,
    leafOfRecord(inclusion.recordHash),
    Number(inclusion.leafIndex),
    Number(inclusion.treeSize),
    inclusion.path.map(fromHex),
    fromHex(root),
  );
}

describe('sequencing', () => {
  it('chains records written at once through two replicas into one chain and one tree, and signs its head', async () => {
    const tenantId = `merkle-${randomUUID()}`;
    await Promise.all(Array.from({ length: 60 }, (_, i) => append(tenantId, i % 2)));
    const result = await verify(tenantId);
    expect(result).toMatchObject({ ok: true, checked: 60, headSeq: '60', sequencing: { pending: 0 } });
    const [head] = await sql<{ tree_size: string; root_hash: string }>(
      `SELECT tree_size::text, root_hash FROM storage.audit_head WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(head).toEqual({ tree_size: '60', root_hash: await rebuiltRoot(tenantId, 60) });
  });

  it('answers each request once its record is in the chain', async () => {
    const tenantId = `merkle-${randomUUID()}`;
    await append(tenantId);
    const rows = await sql<{ seq: string }>(
      `SELECT seq::text FROM storage.audit_record WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(rows).toEqual([{ seq: '1' }]);
  });

  it('takes no per-tenant lock: a request commits its record while the sequencer is held up, and the record is chained once it is free', async () => {
    const tenantId = await tenantWith(2);
    const holder = await db.connect();
    try {
      // Another session holds the tenant's sequencer lock, as a long sequencing batch would.
      await holder.query('BEGIN');
      await holder.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('custos.audit.sequencer:' || $1, 0))`,
        [tenantId],
      );
      const started = Date.now();
      await append(tenantId);
      // The request committed its record (it is durable) and answered after its bounded wait.
      expect(Date.now() - started).toBeLessThan(5_000);
      const pending = await sql<{ n: string }>(
        `SELECT count(*)::text AS n FROM storage.audit_pending WHERE tenant_id = $1`,
        [tenantId],
      );
      expect(pending).toEqual([{ n: '1' }]);
    } finally {
      await holder.query('COMMIT');
      holder.release();
    }
    await waitFor(
      'the held-up record to be chained',
      async () => (await verify(tenantId)).headSeq === '3',
      5_000,
    );
    await expect(verify(tenantId)).resolves.toMatchObject({ ok: true, checked: 3 });
  });

  it('chains a record whose process died between its commit and its sequencing, within a round', async () => {
    const tenantId = await tenantWith(1);
    await sql(
      `INSERT INTO storage.audit_pending (tenant_id, at, principal_id, action, query, decision, count, principal_kind)
       VALUES ($1, now(), 'orphan', 'statements.read', '{}', 'allow', 0, 'credential')`,
      [tenantId],
    );
    await waitFor(
      'the orphaned record to be chained by a round',
      async () =>
        (
          await sql(`SELECT 1 FROM storage.audit_record WHERE tenant_id = $1 AND principal_id = 'orphan'`, [
            tenantId,
          ])
        ).length === 1,
      5_000,
    );
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: true,
      checked: 2,
      sequencing: { pending: 0 },
    });
  });

  it('drops a pending record of an event whose record is in the chain already (a redelivery that raced the first)', async () => {
    const tenantId = await tenantWith(1);
    const eventId = randomUUID();
    const pendingOfEvent = () =>
      sql(
        `INSERT INTO storage.audit_pending
           (tenant_id, at, principal_id, action, query, decision, count, principal_kind, event_id)
         VALUES ($1, now(), 'changer', 'group.create', '{}', 'allow', 0, 'person', $2)`,
        [tenantId, eventId],
      );
    await pendingOfEvent();
    const chained = () =>
      sql(`SELECT 1 FROM storage.audit_record WHERE tenant_id = $1 AND event_id = $2`, [tenantId, eventId]);
    await waitFor('the event record to be chained', async () => (await chained()).length === 1, 5_000);
    // Delivered again after the first was chained: its record is written again, and must not be chained twice.
    await pendingOfEvent();
    await append(tenantId);
    expect(await chained()).toHaveLength(1);
    await expect(verify(tenantId)).resolves.toMatchObject({
      ok: true,
      checked: 3,
      sequencing: { pending: 0 },
    });
  });

  it('builds the tree of a chain written before the tree existed, with the same root, and signs it', async () => {
    const tenantId = await tenantWith(9);
    const before = await rebuiltRoot(tenantId, 9);
    // As the migration leaves a chain: no tree yet.
    await sql(`DELETE FROM storage.audit_tree_node WHERE tenant_id = $1`, [tenantId]);
    await sql(
      `UPDATE storage.audit_head SET tree_size = 0, root_hash = NULL, signed_at = NULL, public_key_id = NULL,
              signature = NULL WHERE tenant_id = $1`,
      [tenantId],
    );
    await append(tenantId);
    const result = await verify(tenantId);
    expect(result).toMatchObject({ ok: true, checked: 10 });
    const reply = await proof(tenantId, { seq: '9', treeSize: '9' });
    expect(includes(reply, before)).toBe(true);
  });
});

describe('proofs', () => {
  it('prove every record in the signed tree head, and that a later head extends a kept one', async () => {
    const tenantId = await tenantWith(13);
    const kept = (await replicas[0]!.get(AuditCheckpointService).checkpointIfMoved(tenantId))!;
    expect(kept).toMatchObject({ seq: '13', treeSize: '13' });
    expect(signedByStorage(kept)).toBe(true);
    for (let i = 0; i < 7; i += 1) await append(tenantId, i % 2);

    const newest = await proof(tenantId, { seq: '1' });
    const head = newest.treeHead!;
    expect(signedByStorage(head)).toBe(true);
    expect(head.rootHash).toBe(await rebuiltRoot(tenantId, Number(head.treeSize)));
    for (let seq = 1; seq <= 20; seq += 1) {
      const reply = await proof(tenantId, { seq: String(seq), treeSize: head.treeSize! });
      expect(includes(reply, head.rootHash!)).toBe(true);
    }
    // Against the kept head too: the record is in the tree the auditor kept.
    expect(includes(await proof(tenantId, { seq: '5', treeSize: '13' }), kept.rootHash!)).toBe(true);

    const { consistency } = await proof(tenantId, { from: '13', treeSize: head.treeSize! });
    const consistent = (path: string[], oldRoot: string) =>
      verifyConsistency(
        sha,
        13,
        Number(head.treeSize),
        path.map(fromHex),
        fromHex(oldRoot),
        fromHex(head.rootHash!),
      );
    expect(consistent(consistency!.path, kept.rootHash!)).toBe(true);

    // Forged proofs fail: a changed path element, another leaf's index, an altered old root.
    const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    const good = await proof(tenantId, { seq: '6', treeSize: head.treeSize! });
    const forgedPath = {
      ...good,
      inclusion: { ...good.inclusion!, path: good.inclusion!.path.map((h, i) => (i === 1 ? flip(h) : h)) },
    };
    expect(includes(forgedPath, head.rootHash!)).toBe(false);
    const otherIndex = { ...good, inclusion: { ...good.inclusion!, leafIndex: '6' } };
    expect(includes(otherIndex, head.rootHash!)).toBe(false);
    expect(consistent(consistency!.path, flip(kept.rootHash!))).toBe(false);
    expect(
      consistent(
        consistency!.path.map((h, i) => (i === 0 ? flip(h) : h)),
        kept.rootHash!,
      ),
    ).toBe(false);
  });

  it('refuses proofs outside the tree with a clear error', async () => {
    const tenantId = await tenantWith(3);
    await expect(proof(tenantId, { seq: '9' })).rejects.toMatchObject({ status: 404 });
    await expect(proof(tenantId, { from: '1', treeSize: '99' })).rejects.toMatchObject({ status: 400 });
    await expect(proof(tenantId, {})).rejects.toMatchObject({ status: 400 });
  });

  it('cannot be made to prove a rewritten record: a changed tree node gives a proof the signed head rejects, and a changed head is named', async () => {
    const tenantId = await tenantWith(8);
    const { treeHead } = await proof(tenantId, { seq: '1' });
    // Someone with the database rewrites the leaf of record 3 in the stored tree.
    await sql(`UPDATE storage.audit_tree_node SET hash = $2 WHERE tenant_id = $1 AND level = 0 AND idx = 2`, [
      tenantId,
      Buffer.alloc(32, 7),
    ]);
    const neighbour = await proof(tenantId, { seq: '4', treeSize: treeHead!.treeSize! });
    expect(includes(neighbour, treeHead!.rootHash!)).toBe(false);
    // …and the head's root, to match: the head's signature no longer verifies, and verification says so.
    await sql(`UPDATE storage.audit_head SET root_hash = $2 WHERE tenant_id = $1`, [
      tenantId,
      '0'.repeat(64),
    ]);
    const result = await verify(tenantId);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.reason).toMatch(
      /tree head of record \d+ is not validly signed|Merkle tree's root/,
    );
  });
});
