// Forwarding between two Custos instances (docs/flows.md "Forwarding"), each a standalone process as a user starts it
// with a database of its own. A forwards to B (an xAPI target, as B's credential) and to a webhook receiver in this
// test, both reading as a grantee credential of A whose only access is a consent policy that redacts
// result.response: exactly the granting learner's statements arrive, redacted; after her revocation her new
// statements stay home; with B down, the statements wait and arrive once B is back, each once; her erasure voids
// at B what B received about her and sends the webhook an `erasure.completed` notice, HMAC-signed like every event;
// a target whose receiver keeps failing sends its batch to the dead letters, whence the admin retries it.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createScratchDatabase,
  freePort,
  spawnStandalone,
  type StandaloneProcess,
  waitFor,
  xapiClient,
  signInToApi,
} from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { credentialFactory } from '../harness/credentials.js';
import { peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const TENANT = 'default';
const COURSE = 'https://courses.example/forwarding/';
const PASSWORD = 'forwarding-password-123';
const WEBHOOK_SECRET = randomBytes(24).toString('hex');

interface Received {
  body: {
    type: string;
    targetId: string;
    statements?: { id: string }[];
    erasureId?: string;
    statementIds?: string[];
  };
  verified: boolean;
}

const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];
const received: Received[] = [];
let a: StandaloneProcess;
let b: StandaloneProcess;
let bEnv: Record<string, string>;
let bDir: string;
let receiver: Server;
let receiverUrl: string;
let dbA: pg.Pool;
let urlA: string;

const keyA = `a-${randomBytes(4).toString('hex')}`;
const secretA = randomBytes(16).toString('hex');
const keyB = `b-${randomBytes(4).toString('hex')}`;
const secretB = randomBytes(16).toString('hex');

/** The webhook signature as docs/flows.md tells a receiver to check it: HMAC-SHA256 over "<t>.<raw body>". */
function verify(header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),sha256=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m || Math.abs(Date.now() / 1000 - Number(m[1])) > 300) return false;
  const expected = createHmac('sha256', WEBHOOK_SECRET).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

beforeAll(async () => {
  const [scratchA, scratchB] = await Promise.all([
    createScratchDatabase(databaseUrl),
    createScratchDatabase(databaseUrl),
  ]);
  drops.push(scratchA.drop, scratchB.drop);
  urlA = scratchA.url;
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      // A receiver that is broken until its admin fixes the target's URL.
      if (req.url === '/hooks/broken') {
        res.writeHead(500).end();
        return;
      }
      received.push({
        body: JSON.parse(raw) as Received['body'],
        verified: verify(req.headers['custos-signature'] as string | undefined, raw),
      });
      res.writeHead(204).end();
    });
  });
  const receiverPort = await freePort();
  await new Promise<void>((resolve) => receiver.listen(receiverPort, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${receiverPort}/hooks/custos`;

  bDir = mkdtempSync(join(tmpdir(), 'custos-forward-b-'));
  const aDir = mkdtempSync(join(tmpdir(), 'custos-forward-a-'));
  dirs.push(aDir, bDir);
  bEnv = {
    DATABASE_URL: scratchB.url,
    PORT: String(await freePort()),
    CUSTOS_BOOTSTRAP_KEY: keyB,
    CUSTOS_BOOTSTRAP_SECRET: secretB,
  };
  [a, b] = await Promise.all([
    spawnStandalone(aDir, {
      DATABASE_URL: scratchA.url,
      CUSTOS_BOOTSTRAP_KEY: keyA,
      CUSTOS_BOOTSTRAP_SECRET: secretA,
      CUSTOS_FORWARDING__ALLOW_HTTP: 'true',
      CUSTOS_FORWARDING__POLL_MS: '100',
      CUSTOS_FORWARDING__BACKOFF_BASE_MS: '200',
      CUSTOS_FORWARDING__BACKOFF_MAX_MS: '2000',
      // About 17 s of failures before a batch goes to the dead letters: more than B's restart takes.
      CUSTOS_FORWARDING__MAX_ATTEMPTS: '12',
      CUSTOS_ERASURE__POLL_SECONDS: '1',
    }),
    spawnStandalone(bDir, bEnv),
  ]);
  dbA = new pg.Pool({ connectionString: scratchA.url, max: 2 });
}, 120_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await dbA?.end();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  for (const drop of drops) await drop().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const signIn = (username: string) => signInToApi(a.baseUrl, { tenant: TENANT, username, password: PASSWORD });

const statement = (mbox: string, n: number) => ({
  id: randomUUID(),
  actor: { objectType: 'Agent', mbox },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  object: { objectType: 'Activity', id: `${COURSE}question-${n}` },
  result: { response: `private answer ${n}`, success: true },
});

describe('forwarding between two instances', () => {
  it('forwards what the grantee may read, stops at a revocation, catches up after an outage, voids at erasure, and keeps dead letters', async () => {
    const tag = randomBytes(4).toString('hex');
    const ana = `mailto:ana.${tag}@example.org`;
    const ben = `mailto:ben.${tag}@example.org`;
    const cai = `mailto:cai.${tag}@example.org`;
    const people = await peopleFactory(urlA);
    const credentials = await credentialFactory(urlA);
    let anaId: string;
    let grantee: { id: string };
    try {
      await people.create(TENANT, { username: `admin-${tag}`, password: PASSWORD, roles: ['admin'] });
      anaId = (
        await people.create(TENANT, {
          username: `ana-${tag}`,
          password: PASSWORD,
          roles: ['learner'],
          agents: [{ mbox: ana }],
        })
      ).id;
      await people.create(TENANT, {
        username: `ben-${tag}`,
        password: PASSWORD,
        roles: ['learner'],
        agents: [{ mbox: ben }],
      });
      await people.create(TENANT, {
        username: `cai-${tag}`,
        password: PASSWORD,
        roles: ['learner'],
        agents: [{ mbox: cai }],
      });
      // The grantee writes, but reads nothing by its scopes: only through the policy below.
      grantee = await credentials.create(['statements/write'], TENANT);
    } finally {
      await people.close();
      await credentials.close();
    }
    const admin = await signIn(`admin-${tag}`);
    const anaSession = await signIn(`ana-${tag}`);
    const policy = await admin<{ id: string }>('POST', '/api/v1/policies', {
      grantee: { kind: 'credential', id: grantee.id },
      purpose: {
        code: 'district-lrs',
        text: 'The district LRS keeps the course records of students who agree',
      },
      lawfulBasis: 'consent',
      scope: { activityPrefixes: [COURSE] },
      redactFields: ['result.response'],
    });
    expect(policy.status).toBe(201);
    const grant = await anaSession<{ record: { id: string } }>('POST', '/api/v1/me/grants', {
      policyId: policy.body.id,
    });
    expect(grant.status).toBe(201);
    const caiSession = await signIn(`cai-${tag}`);
    expect((await caiSession('POST', '/api/v1/me/grants', { policyId: policy.body.id })).status).toBe(201);

    // A credential of B's for A to post with (B's first credential), and the webhook receiver.
    const lrsTarget = await admin<{ id: string }>('POST', '/api/v1/forwarding/targets', {
      name: 'District LRS',
      kind: 'xapi',
      url: `${b.baseUrl}/xapi/statements`,
      auth: { kind: 'basic', key: keyB, secret: secretB },
      granteeCredentialId: grantee.id,
    });
    expect(lrsTarget.status, JSON.stringify(lrsTarget.body)).toBe(201);
    expect(JSON.stringify(lrsTarget.body)).not.toContain(secretB);
    const hookTarget = await admin<{ id: string }>('POST', '/api/v1/forwarding/targets', {
      name: 'Dashboard webhook',
      kind: 'webhook',
      url: receiverUrl,
      webhookSecret: WEBHOOK_SECRET,
      granteeCredentialId: grantee.id,
      filter: { activityPrefixes: [COURSE] },
    });
    expect(hookTarget.status, JSON.stringify(hookTarget.body)).toBe(201);
    // Secrets are never answered, and only admins manage targets.
    const listed = await admin<unknown[]>('GET', '/api/v1/forwarding/targets');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(WEBHOOK_SECRET);
    expect((await anaSession('GET', '/api/v1/forwarding/targets')).status).toBe(403);
    // Production targets are https: http is accepted here only because this installation allows it on loopback.
    expect(
      (
        await admin('POST', '/api/v1/forwarding/targets', {
          name: 'x',
          kind: 'webhook',
          url: 'http://lrs.example.org/hook',
          webhookSecret: WEBHOOK_SECRET,
          granteeCredentialId: grantee.id,
        })
      ).status,
    ).toBe(400);

    const writer = xapiClient(a.baseUrl, keyA, secretA);
    const atB = xapiClient(b.baseUrl, keyB, secretB);
    const settled = async (targetId: string) => {
      const s = await admin<{
        pendingBatches: number;
        attempts: number;
        lastError: string | null;
        deadLetters: number;
      }>('GET', `/api/v1/forwarding/targets/${targetId}/status`);
      return s.body;
    };
    const bothSettled = async () =>
      (await settled(lrsTarget.body.id)).pendingBatches === 0 &&
      (await settled(hookTarget.body.id)).pendingBatches === 0;

    // 1. Exactly the granting learner's statements, redacted as the policy says.
    const s1 = statement(ana, 1);
    const s2 = statement(ben, 2);
    expect((await writer.postStatements([s1, s2])).status).toBe(200);
    await waitFor('both targets to be up to date', bothSettled, 20_000);
    const got1 = await atB.getStatements<{ id: string; result: Record<string, unknown> }>({
      statementId: s1.id,
    });
    expect(got1.status).toBe(200);
    expect(got1.body.result.success).toBe(true);
    expect(got1.body.result.response).toBeUndefined();
    expect((await atB.getStatements({ statementId: s2.id })).status).toBe(404);
    const hooked = received.filter((r) => r.body.type === 'statements.forwarded');
    expect(hooked.every((r) => r.verified)).toBe(true);
    expect(hooked.flatMap((r) => r.body.statements!.map((s) => s.id))).toEqual([s1.id]);
    expect(JSON.stringify(hooked)).not.toContain('private answer');
    // Each forwarded read is in A's audit log with the target as its reader.
    await waitFor(
      "the forwarded read in A's audit log",
      async () =>
        (
          await dbA.query(
            `SELECT 1 FROM storage.audit_record WHERE principal_id = $1 AND action = 'statements.forward'`,
            [`forwarding-target:${lrsTarget.body.id}`],
          )
        ).rowCount! > 0,
      20_000,
    );

    // 2. After her revocation, her new statements are not forwarded.
    expect((await anaSession('DELETE', `/api/v1/me/grants/${grant.body.record.id}`)).status).toBe(200);
    const s3 = statement(ana, 3);
    const marker = statement(cai, 30);
    expect((await writer.postStatements([s3])).status).toBe(200);
    expect((await writer.postStatements([marker])).status).toBe(200);
    // Each target gets its batches in the order they were stored: once the later one arrived, s3's was decided.
    await waitFor(
      'the later statement to arrive at B',
      async () => (await atB.getStatements({ statementId: marker.id })).status === 200,
      20_000,
    );
    expect((await atB.getStatements({ statementId: s3.id })).status).toBe(404);
    expect(received.flatMap((r) => r.body.statements?.map((s) => s.id) ?? [])).not.toContain(s3.id);

    // 3. B down for a while: the statements wait, and arrive once it is back, each once.
    expect((await anaSession('POST', '/api/v1/me/grants', { policyId: policy.body.id })).status).toBe(201);
    expect(await b.stop()).toBe(0);
    const s4 = statement(ana, 4);
    const s5 = statement(ana, 5);
    expect((await writer.postStatements([s4])).status).toBe(200);
    expect((await writer.postStatements([s5])).status).toBe(200);
    await waitFor(
      'a failed attempt to show in the status',
      async () => (await settled(lrsTarget.body.id)).attempts > 0,
      20_000,
    );
    const down = await settled(lrsTarget.body.id);
    expect(down.lastError).toMatch(/cannot reach the target/);
    expect(down.pendingBatches).toBeGreaterThan(0);
    b = await spawnStandalone(bDir, bEnv);
    await waitFor('both targets to be up to date', bothSettled, 30_000);
    const anaAtB = await atB.getStatements({ agent: JSON.stringify({ mbox: ana }), limit: '0' });
    const ids = anaAtB.body.statements.map((s) => String(s.id));
    expect(ids.sort()).toEqual([s1.id, s4.id, s5.id].sort());

    // 4. Her erasure voids at B what B received about her, and the webhook is told.
    const erasure = await admin<{ id: string; state: string }>('POST', `/api/v1/people/${anaId}/erasure`);
    expect(erasure.status, JSON.stringify(erasure.body)).toBe(201);
    await waitFor(
      'the erasure to complete',
      async () =>
        (await admin<{ state: string }>('GET', `/api/v1/erasures/${erasure.body.id}`)).body.state ===
        'completed',
      30_000,
    );
    await waitFor(
      'B to have voided her statements',
      async () => (await atB.getStatements({ voidedStatementId: s5.id })).status === 200,
      30_000,
    );
    for (const id of [s1.id, s4.id, s5.id]) {
      expect((await atB.getStatements({ statementId: id })).status).toBe(404);
      expect((await atB.getStatements({ voidedStatementId: id })).status).toBe(200);
    }
    await waitFor(
      'the webhook to be told of the erasure',
      async () => received.some((r) => r.body.type === 'erasure.completed'),
      30_000,
    );
    const notice = received.find((r) => r.body.type === 'erasure.completed')!;
    expect(notice.verified).toBe(true);
    expect(notice.body.erasureId).toBe(erasure.body.id);
    expect(notice.body.statementIds!.sort()).toEqual([s1.id, s4.id, s5.id].sort());
    // The admins' notice: the chain records, per target, that the erasure reached it, naming the erasure.
    await waitFor('the propagation to be recorded for both targets', async () => {
      const { rows } = await dbA.query<{ query: { targetId: string; erasureId: string } }>(
        `SELECT query FROM storage.audit_record WHERE action = 'forwarding.erasure.propagated'`,
      );
      const reached = rows.filter((r) => r.query.erasureId === erasure.body.id).map((r) => r.query.targetId);
      return reached.length === 2 && new Set(reached).size === 2;
    });
    const { rows: propagated } = await dbA.query<{ query: { targetId: string } }>(
      `SELECT query FROM storage.audit_record WHERE action = 'forwarding.erasure.propagated'`,
    );
    expect(new Set(propagated.map((r) => r.query.targetId))).toEqual(
      new Set([lrsTarget.body.id, hookTarget.body.id]),
    );
    // 5. A target whose receiver keeps failing: the batch goes to the dead letters after its attempts, the admin
    // fixes the URL and retries it, and it is delivered.
    const broken = await admin<{ id: string }>('POST', '/api/v1/forwarding/targets', {
      name: 'Broken webhook',
      kind: 'webhook',
      url: receiverUrl.replace('/hooks/custos', '/hooks/broken'),
      webhookSecret: WEBHOOK_SECRET,
      granteeCredentialId: grantee.id,
    });
    expect(broken.status).toBe(201);
    const s6 = statement(cai, 6);
    expect((await writer.postStatements([s6])).status).toBe(200);
    await waitFor(
      'the batch to go to the dead letters',
      async () => {
        const s = await settled(broken.body.id);
        return s.pendingBatches === 0 && s.deadLetters === 1;
      },
      40_000,
    );
    const dead = await admin<{ id: string; statementCount: number; lastError: string }[]>(
      'GET',
      `/api/v1/forwarding/targets/${broken.body.id}/dead-letters`,
    );
    expect(dead.body).toHaveLength(1);
    expect(dead.body[0]).toMatchObject({ statementCount: 1, lastError: 'the target answered HTTP 500' });
    const fixed = await admin('PATCH', `/api/v1/forwarding/targets/${broken.body.id}`, { url: receiverUrl });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(
      (
        await admin(
          'POST',
          `/api/v1/forwarding/targets/${broken.body.id}/dead-letters/${dead.body[0]!.id}/retry`,
        )
      ).status,
    ).toBe(200);
    await waitFor(
      'the retried batch to be delivered',
      async () =>
        received.some(
          (r) => r.body.targetId === broken.body.id && r.body.statements?.some((x) => x.id === s6.id),
        ),
      20_000,
    );
    expect(
      (await admin<unknown[]>('GET', `/api/v1/forwarding/targets/${broken.body.id}/dead-letters`)).body,
    ).toEqual([]);

    // What was sent about her is forgotten: only Cai's statements are left in the forwarding records.
    const left = await dbA.query<{ statement_id: string }>(
      `SELECT statement_id FROM consent.forwarding_sent`,
    );
    expect(new Set(left.rows.map((r) => r.statement_id))).toEqual(new Set([marker.id, s6.id]));
  }, 180_000);
});
