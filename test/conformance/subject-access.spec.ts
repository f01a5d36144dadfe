// Issue 15 item 7, over HTTP (docs/privacy-operations.md "Subject-access answer"): a learner's own export (GET
// /api/v1/me/export) is their whole subject-access answer — their records, who may read them and why, their
// consent receipts, and their access log with proofs that check against the institution's signed tree head — and
// names no other learner, though another learner's consent and records sit beside theirs.
import { createPublicKey, verify as verifySignature } from 'node:crypto';

import { canonicalJson } from '@custos/contracts';
import { fromHex, leafHash, type Sha256, verifyInclusion } from '@custos/merkle';
import { aLearner, aStatement, aVerb } from '@custos/testing';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
const sha256: Sha256 = (data) => new Uint8Array(createHash('sha256').update(data).digest());

const COURSE = 'https://example.org/courses/a/';
const completed = aVerb('completed');
type Line = { type: string } & Record<string, unknown>;

async function aTenant() {
  const lms = await lrs.client();
  const { tenantId } = lms;
  const ana = aLearner();
  const bob = aLearner();
  const [anaStatement, bobStatement] = (
    await lms.postStatements([
      aStatement({ actor: ana, verb: completed, object: { objectType: 'Activity', id: `${COURSE}1` } }),
      aStatement({ actor: bob, verb: completed, object: { objectType: 'Activity', id: `${COURSE}1` } }),
    ])
  ).body as [string, string];
  const person = async (username: string, roles: ('learner' | 'admin' | 'consumer')[], mbox?: string) => {
    const created = await lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: mbox ? [{ mbox }] : [],
    });
    return { id: created.id, ...(await lrs.signIn(tenantId, username, `${username}-password-123`)) };
  };
  const admin = await person('admin', ['admin']);
  const consumer = await person('consumer', ['consumer']);
  const anaP = await person('ana', ['learner'], ana.mbox);
  const bobP = await person('bob', ['learner'], bob.mbox);
  const policy = async (lawfulBasis: string) => {
    const res = await admin.call('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: `tutoring-${lawfulBasis}`, text: 'Tutors follow their students' },
      lawfulBasis,
      scope: { activityPrefixes: [COURSE] },
    });
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  };
  const consent = await policy('consent');
  const interest = await policy('legitimate-interest');
  const receiptIdOf = (res: { status: number; body: unknown }) => {
    expect(res.status).toBeLessThan(300);
    return (res.body as { receiptId: string }).receiptId;
  };
  // Ana grants, revokes and grants again, and objects; Bob grants and objects too.
  const anaGrant = await anaP.call('POST', '/api/v1/me/grants', { policyId: consent });
  const anaGrantId = (anaGrant.body as { record: { id: string } }).record.id;
  const anaReceipts = [
    receiptIdOf(anaGrant),
    receiptIdOf(await anaP.call('DELETE', `/api/v1/me/grants/${anaGrantId}`)),
    receiptIdOf(await anaP.call('POST', '/api/v1/me/grants', { policyId: consent })),
    receiptIdOf(await anaP.call('POST', '/api/v1/me/objections', { policyId: interest })),
  ];
  const bobReceipts = [
    receiptIdOf(await bobP.call('POST', '/api/v1/me/grants', { policyId: consent })),
    receiptIdOf(await bobP.call('POST', '/api/v1/me/objections', { policyId: interest })),
  ];
  // The consumer reads under the consent policy: Ana's and Bob's statements in one read.
  expect((await consumer.call('GET', '/xapi/statements')).status).toBe(200);
  return {
    tenantId,
    ana,
    bob,
    anaP,
    bobP,
    admin,
    consent,
    interest,
    anaStatement,
    bobStatement,
    anaReceipts,
    bobReceipts,
  };
}

async function exportOf(token: string, path = '/api/v1/me/export') {
  const res = await fetch(`${lrs.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = await res.text();
  return {
    body,
    lines: body
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Line),
  };
}

describe('GET /api/v1/me/export as a subject-access answer', () => {
  it('holds the learner’s records, the rules that reach them, their receipts and their access log', async () => {
    const t = await aTenant();
    const { lines } = await exportOf(t.anaP.token);
    const of = (type: string) => lines.filter((l) => l.type === type);
    expect(of('statement').map((l) => (l.statement as { id: string }).id)).toEqual([t.anaStatement]);

    const rules = of('access-rule').map((l) => l.access as { why: { kind: string; policyId?: string } });
    expect(
      rules
        .filter((r) => r.why.kind === 'policy')
        .map((r) => r.why.policyId)
        .sort(),
    ).toEqual([t.consent, t.interest].sort());

    const receipts = of('receipt').map(
      (l) => l.receipt as { receiptId: string; dataSubject: { personId: string } },
    );
    expect(receipts.map((r) => r.receiptId)).toEqual(t.anaReceipts);
    expect(new Set(receipts.map((r) => r.dataSubject.personId))).toEqual(new Set([t.anaP.id]));

    const access = of('access').map((l) => l.entry as { action: string; principal: { name?: string } });
    expect(access).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'statements.read',
          principal: expect.objectContaining({ name: 'consumer' }),
        }),
        expect.objectContaining({ action: 'export' }),
      ]),
    );
    expect(lines.at(-1)).toMatchObject({
      type: 'end',
      statements: 1,
      accessRules: rules.length,
      receipts: 4,
      accessLog: access.length,
    });
  });

  it('gives proofs that each access is in the institution’s signed log', async () => {
    const t = await aTenant();
    const { lines } = await exportOf(t.anaP.token);
    let head: { treeHead: Record<string, string>; publicKeyPem: string } | undefined;
    let proved = 0;
    for (const line of lines) {
      if (line.type === 'access-log-head') {
        head = line as unknown as typeof head;
        const { signature, publicKeyId: _id, ...claim } = head!.treeHead;
        const signed = verifySignature(
          null,
          Buffer.from(canonicalJson(claim)),
          createPublicKey(head!.publicKeyPem),
          Buffer.from(signature!, 'base64'),
        );
        expect(signed).toBe(true);
      }
      const proof =
        line.type === 'access' ? (line.entry as { proof?: Record<string, never> }).proof : undefined;
      if (!proof) continue;
      const p = proof as unknown as {
        recordHash: string;
        leafIndex: string;
        treeSize: string;
        path: string[];
      };
      expect(p.treeSize).toBe(head!.treeHead.treeSize);
      expect(
        verifyInclusion(
          sha256,
          leafHash(sha256, fromHex(p.recordHash)),
          Number(p.leafIndex),
          Number(p.treeSize),
          p.path.map(fromHex),
          fromHex(head!.treeHead.rootHash!),
        ),
      ).toBe(true);
      proved += 1;
    }
    expect(proved).toBeGreaterThan(0);
  });

  it('names no other learner: not Bob’s identifier, person, receipts or statements', async () => {
    const t = await aTenant();
    const { body } = await exportOf(t.anaP.token);
    for (const secret of [
      t.bob.mbox,
      createHash('sha1').update(t.bob.mbox).digest('hex'),
      t.bobP.id,
      t.bobStatement,
      ...t.bobReceipts,
    ]) {
      expect(body).not.toContain(secret);
    }
    // And Bob's answer holds nothing of Ana's.
    const bobs = await exportOf(t.bobP.token);
    for (const secret of [t.ana.mbox, t.anaP.id, t.anaStatement, ...t.anaReceipts]) {
      expect(bobs.body).not.toContain(secret);
    }
  });

  it('stays the records only when an admin exports a person on their request', async () => {
    const t = await aTenant();
    const { lines } = await exportOf(t.admin.token, `/api/v1/people/${t.anaP.id}/export`);
    expect(new Set(lines.map((l) => l.type))).toEqual(new Set(['statement', 'end']));
  });
});
