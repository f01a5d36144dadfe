// Issue 15 item 6, over HTTP (docs/audit.md "Evidence pack"): GET /api/v1/audit/evidence gives an auditor one file
// for a period that `custos audit verify-evidence` checks offline with the public key alone (verifyEvidencePack is
// what the command runs); a changed record, a changed head, a record removed from the middle or the end of the
// period, and a key not trusted are each refused with a message naming what failed. Only auditors get a pack;
// a bad period is a 400.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';

import { AuditService, trustedKeysOf, verifyEvidencePack } from '@custos/storage';
import { aStatement } from '@custos/testing';
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

interface Pack {
  tenantId: string;
  period: { from: string; to: string };
  records: { seq: string; action: string; at: string; count: number; hash: string }[];
  before: { seq: string } | null;
  after: { seq: string } | null;
  treeHead: { seq: string; treeSize: string; rootHash: string };
  checkpoints: unknown[];
  verification: { ok: boolean };
  index: { policyChanges: string[]; erasures: string[]; retentionRuns: string[] };
}

const trusted = () => trustedKeysOf([createPublicKey(createPrivateKey(lrs.auditKeys.signingKeyPem))]);
const check = (pack: unknown) => verifyEvidencePack(structuredClone(pack), trusted());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tenant with reads, a policy change, a retention dry run, an erasure record and a signed checkpoint. */
async function aTenant() {
  const lms = await lrs.client();
  const { tenantId } = lms;
  const person = async (username: string, roles: ('auditor' | 'admin' | 'consumer' | 'learner')[]) => {
    await lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: roles.includes('learner') ? [{ mbox: `mailto:${randomUUID()}@example.org` }] : [],
    });
    return lrs.signIn(tenantId, username, `${username}-password-123`);
  };
  const auditor = await person('auditor', ['auditor']);
  const admin = await person('admin', ['admin']);
  const consumer = await person('consumer', ['consumer']);
  const learner = await person('learner', ['learner']);
  await sleep(5);
  const from = new Date().toISOString();
  await lms.postStatements([aStatement(), aStatement()]);
  for (let i = 0; i < 3; i += 1) await lms.getStatements({ limit: String(i + 1) });
  const policy = await admin.call('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'tutoring', text: 'Tutors follow their students' },
    lawfulBasis: 'consent',
    scope: { verbs: ['http://adlnet.gov/expapi/verbs/completed'] },
  });
  expect(policy.status).toBe(201);
  expect((await admin.call('POST', '/api/v1/retention/dry-run')).status).toBe(200);
  // What the erasure part records on completion; the pack lists any `erasure.*` record, whatever its name.
  await lrs.app.get(AuditService, { strict: false }).append({
    tenantId,
    audit: {
      principalId: 'erasure',
      principalKind: 'system',
      action: 'erasure.completed',
      resource: 'person',
      query: {},
    },
    decision: 'allow',
    count: 3,
  });
  expect((await auditor.call('POST', '/api/v1/audit/checkpoints')).status).toBe(201);
  await waitFor(tenantId, 'policy.create');
  await sleep(5);
  const to = new Date().toISOString();
  await sleep(5);
  await lms.getStatements({ limit: '1' });
  return { tenantId, lms, auditor, admin, consumer, learner, from, to };
}

async function waitFor(tenantId: string, action: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const { rows } = await db.query(
      `SELECT 1 FROM storage.audit_record WHERE tenant_id = $1 AND action = $2`,
      [tenantId, action],
    );
    if (rows.length > 0) return;
    await sleep(50);
  }
  throw new Error(`no ${action} record`);
}

const evidence = async (who: SignedIn, from: string, to: string) =>
  who.call('GET', `/api/v1/audit/evidence?${new URLSearchParams({ from, to }).toString()}`);

const lastRecord = async (tenantId: string) =>
  (
    await db.query(
      `SELECT action, decision, principal_kind, count, query FROM storage.audit_record
        WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
      [tenantId],
    )
  ).rows[0] as Record<string, unknown>;

describe('GET /api/v1/audit/evidence', () => {
  let t: Awaited<ReturnType<typeof aTenant>>;
  let pack: Pack;
  beforeAll(async () => {
    t = await aTenant();
    const res = await evidence(t.auditor, t.from, t.to);
    expect(res.status).toBe(200);
    pack = res.body as Pack;
  });

  it('gives an auditor the period’s records, the ones either side, and an index, which verify offline', () => {
    expect(pack.tenantId).toBe(t.tenantId);
    expect(pack.records.length).toBeGreaterThanOrEqual(8);
    for (const r of pack.records) {
      expect(r.at >= t.from && r.at < t.to).toBe(true);
    }
    expect(pack.before).not.toBeNull();
    expect(pack.after).not.toBeNull();
    expect(pack.verification.ok).toBe(true);
    expect(pack.checkpoints.length).toBeGreaterThanOrEqual(1);
    const actionOf = (seq: string) => pack.records.find((r) => r.seq === seq)?.action;
    expect(pack.index.policyChanges.map(actionOf)).toEqual(['policy.create']);
    expect(pack.index.erasures.map(actionOf)).toEqual(['erasure.completed']);
    expect(pack.index.retentionRuns.map(actionOf)).toEqual(['retention.dry-run']);
    expect(check(pack)).toMatchObject({
      ok: true,
      problems: [],
      records: pack.records.length,
      checkpoints: { total: pack.checkpoints.length, valid: pack.checkpoints.length },
    });
  });

  it('records that the auditor took the pack', async () => {
    expect(await lastRecord(t.tenantId)).toMatchObject({
      action: 'audit.evidence',
      decision: 'allow',
      principal_kind: 'person',
      query: { from: t.from, to: t.to, result: 'ok' },
    });
  });

  it('refuses a pack with a record changed, naming the record', () => {
    const tampered = structuredClone(pack);
    const victim = tampered.records[2]!;
    victim.count += 1;
    const verdict = check(tampered);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toContain(
      `record ${victim.seq}: its content does not match its hash: the record was changed`,
    );
  });

  it('refuses a pack whose record was changed and re-hashed: the chain and the tree tell', () => {
    const tampered = structuredClone(pack);
    // Whoever rewrites a record and its hash breaks the next record's link, and the tree's proof.
    tampered.records[2]!.hash = 'f'.repeat(64);
    const verdict = check(tampered);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join('\n')).toMatch(
      new RegExp(`record ${tampered.records[3]!.seq}: its previous-hash link does not match`),
    );
  });

  it('refuses a pack with its tree head changed', () => {
    const tampered = structuredClone(pack);
    tampered.treeHead.treeSize = String(Number(tampered.treeHead.treeSize) + 1);
    const verdict = check(tampered);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems[0]).toBe(
      `the tree head of record ${pack.treeHead.seq}: its signature does not verify: the tree head was altered or forged`,
    );
  });

  it('refuses a pack with a record removed from the middle of the period', () => {
    const tampered = structuredClone(pack);
    const [removed] = tampered.records.splice(3, 1);
    tampered.index = { policyChanges: [], erasures: [], retentionRuns: [] };
    const verdict = check(tampered);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join('\n')).toContain(`record ${removed!.seq} is missing`);
  });

  it('refuses a pack cut short at the end of the period', () => {
    const tampered = structuredClone(pack);
    tampered.after = null;
    const verdict = check(tampered);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join('\n')).toMatch(/records at the end of the period were removed/);
  });

  it('refuses a pack with the record before the period removed', () => {
    const tampered = structuredClone(pack);
    tampered.before = null;
    expect(check(tampered).problems.join('\n')).toMatch(/records at the start of the period were removed/);
  });

  it('refuses a pack with an index that hides an erasure', () => {
    const tampered = structuredClone(pack);
    tampered.index.erasures = [];
    expect(check(tampered).problems).toContain(
      "the pack's index (policy changes, erasures, retention runs) does not match its records",
    );
  });

  it('refuses a pack checked with a key the auditor does not trust', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    const verdict = verifyEvidencePack(structuredClone(pack), trustedKeysOf([other]));
    expect(verdict.ok).toBe(false);
    expect(verdict.problems[0]).toMatch(/is signed by key [0-9a-f]+, which is not trusted here/);
  });

  it('refuses what is not a pack', () => {
    expect(check({ format: 'something-else' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^not an audit evidence pack: format/)],
    });
  });

  it('gives a verifiable pack for a period with no records, and for a period running to now', async () => {
    const empty = await evidence(t.auditor, '2020-01-01T00:00:00Z', '2020-02-01T00:00:00Z');
    expect(empty.status).toBe(200);
    const emptyPack = empty.body as Pack;
    expect(emptyPack.records).toEqual([]);
    expect(check(emptyPack)).toMatchObject({ ok: true, records: 0 });
    const open = await evidence(t.auditor, t.from, new Date(Date.now() + 3_600_000).toISOString());
    expect(open.status).toBe(200);
    const openPack = open.body as Pack;
    expect(openPack.after).toBeNull();
    expect(check(openPack)).toMatchObject({ ok: true });
  });

  it('answers 403 to an admin, a consumer, a learner and an xAPI credential, and records each denial', async () => {
    for (const who of [t.admin, t.consumer, t.learner]) {
      expect((await evidence(who, t.from, t.to)).status).toBe(403);
      expect(await lastRecord(t.tenantId)).toMatchObject({
        action: 'audit.evidence',
        decision: 'deny',
        count: 0,
      });
    }
    const query = new URLSearchParams({ from: t.from, to: t.to }).toString();
    expect((await t.lms.request('GET', `/api/v1/audit/evidence?${query}`)).status).toBe(403);
  });

  it.each([
    ['no period', ''],
    ['no end', 'from=2026-01-01T00:00:00Z'],
    ['an end before the start', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
    ['a time without a zone', 'from=2026-01-01T00:00:00&to=2026-02-01T00:00:00Z'],
    ['more than a year', 'from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
    ['an unknown parameter', 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&learner=x'],
  ])('answers 400 to %s, recording nothing', async (_, query) => {
    const before = await lastRecord(t.tenantId);
    const res = await t.auditor.call('GET', `/api/v1/audit/evidence?${query}`);
    expect(res.status).toBe(400);
    expect(await lastRecord(t.tenantId)).toEqual(before);
  });
});
