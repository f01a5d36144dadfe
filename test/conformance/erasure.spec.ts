// Erasure of a person (GDPR Art. 17; docs/privacy-operations.md "Erasure", docs/adr/0013): after an erasure the
// whole database holds none of the person's identifiers or their name, no read path tells anything about them,
// others' statements read with the stand-in, the completion record is signed and in the audit log, which still
// verifies. A learner's own request waits out its grace period and can be cancelled inside it; a legal-obligation
// policy blocks an erasure with its reason, or narrows it when asked.
import { execFile } from 'node:child_process';
import { createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { promisify } from 'node:util';

import { canonicalJson, type ErasureViewV1 } from '@custos/contracts';
import { anAttachment, binaryXapi, multipartStatements, readMultipart } from '@custos/testing';
import { MessageBus } from '@custos/messaging';
import { ERASED_HOME_PAGE, ifiHash } from '@custos/xapi';
import { createHash } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { type SignedIn, useConformanceLrs } from './lrs.js';

const GRACE_SECONDS = 3;
const lrs = useConformanceLrs({
  CUSTOS_ERASURE__GRACE_SECONDS: GRACE_SECONDS,
  CUSTOS_ERASURE__POLL_SECONDS: 1,
});

const run = promisify(execFile);
const password = () => randomBytes(12).toString('hex');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const verb = { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-US': 'attended' } };
const activity = (id: string) => ({ objectType: 'Activity', id });

/** A person with a password, signed in. */
async function aSignedIn(
  tenant: string,
  roles: ('learner' | 'admin' | 'auditor' | 'consumer')[],
  agents: Record<string, unknown>[] = [],
  displayName?: string,
): Promise<SignedIn & { id: string; username: string }> {
  const pw = password();
  const username = `u-${randomBytes(4).toString('hex')}`;
  const person = await lrs.people.create(tenant, {
    username,
    password: pw,
    roles,
    agents: agents,
    ...(displayName !== undefined && { displayName }),
  });
  return { ...(await lrs.signIn(tenant, username, pw)), id: person.id, username };
}

async function until(admin: SignedIn, id: string, state: string, ms = 15_000): Promise<ErasureViewV1> {
  const end = Date.now() + ms;
  for (;;) {
    const res = await admin.call('GET', `/api/v1/erasures/${id}`);
    const view = res.body as ErasureViewV1;
    if (view.state === state) return view;
    if (Date.now() > end) throw new Error(`erasure ${id} is ${JSON.stringify(view)}, not ${state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('erasure of a person, end to end', () => {
  it('leaves no identifier or name of the person anywhere, keeps others readable with the stand-in, and signs its completion', async () => {
    const tenant = aTenant();
    const tag = randomBytes(5).toString('hex');
    const email = `ana.${tag}@example.org`;
    const mbox = `mailto:${email}`;
    const accountName = `ana-account-${tag}`;
    const openid = `https://id.example.org/ana-${tag}`;
    const name = `Ana Erasable ${tag}`;
    const username = `ana-${tag}`;
    const anaAgents: Record<string, unknown>[] = [
      { mbox },
      { account: { homePage: 'https://lms.example.org', name: accountName } },
      { openid },
    ];
    const pw = password();
    const anaPerson = await lrs.people.create(tenant, {
      username,
      password: pw,
      roles: ['learner'],
      agents: anaAgents,
      displayName: name,
    });
    const ana = await lrs.signIn(tenant, username, pw);
    const bob = { name: `Bob Kept ${tag}`, mbox: `mailto:bob.${tag}@example.org` };
    const admin = await aSignedIn(tenant, ['admin']);
    const auditor = await aSignedIn(tenant, ['auditor']);
    const client = await lrs.client({ tenantId: tenant, version: '2.0.0' });

    // Her records in every form of her identifiers, and statements about others that mention her.
    const own = [
      { actor: { name, mbox }, verb, object: activity('https://courses.example/a') },
      { actor: { name, mbox_sha1sum: sha1(mbox) }, verb, object: activity('https://courses.example/b') },
      {
        actor: { name, account: { homePage: 'https://lms.example.org', name: accountName } },
        verb,
        object: activity('https://courses.example/c'),
      },
      { actor: { openid }, verb, object: activity('https://courses.example/d') },
    ].map((s) => ({ ...s, id: randomUUID() }));
    const instructed = {
      id: randomUUID(),
      actor: bob,
      verb,
      object: activity('https://courses.example/e'),
      context: {
        instructor: { name, mbox },
        team: { objectType: 'Group', name: 'Team', member: [bob, { name, mbox }] },
        contextAgents: [{ objectType: 'contextAgent', agent: { name, openid } }],
      },
    };
    const aboutHer = { id: randomUUID(), actor: bob, verb, object: { objectType: 'Agent', name, mbox } };
    const together = {
      id: randomUUID(),
      actor: { objectType: 'Group', member: [bob, { name, mbox }] },
      verb,
      object: activity('https://courses.example/f'),
    };
    const stored = await client.postStatements([...own, instructed, aboutHer, together]);
    expect(stored.status).toBe(200);
    // An attachment only her statement carries.
    const certificate = anAttachment(`certificate of ${name}`);
    const withAttachment = {
      id: randomUUID(),
      actor: { name, mbox },
      verb,
      object: activity('https://courses.example/g'),
      attachments: [certificate.metadata],
    };
    const multipart = multipartStatements([withAttachment], [{ data: certificate.data }]);
    const posted = await client.request('POST', '/xapi/statements', {
      rawBody: multipart.body as unknown as string,
      headers: { 'Content-Type': multipart.contentType },
    });
    expect(posted.status).toBe(200);
    // Her State and Agent Profile documents.
    const agentParam = encodeURIComponent(JSON.stringify({ mbox }));
    const statePath = `/xapi/activities/state?activityId=${encodeURIComponent('https://courses.example/a')}&agent=${agentParam}&stateId=bookmark`;
    const profilePath = `/xapi/agents/profile?agent=${agentParam}&profileId=preferences`;
    expect((await client.request('PUT', statePath, { body: { page: 3, note: name } })).status).toBe(204);
    expect((await client.request('PUT', profilePath, { body: { language: 'es', email } })).status).toBe(204);
    // A grant and an objection, and her own reads (audit records with her learner keys).
    const policy = async (lawfulBasis: string) =>
      (
        await admin.call('POST', '/api/v1/policies', {
          grantee: { kind: 'role', id: 'consumer' },
          purpose: { code: `p-${randomBytes(3).toString('hex')}`, text: 'Course analytics' },
          lawfulBasis,
          scope: {},
        })
      ).body as { id: string };
    const consentPolicy = await policy('consent');
    const interestPolicy = await policy('legitimate-interest');
    expect((await ana.call('POST', '/api/v1/me/grants', { policyId: consentPolicy.id })).status).toBe(201);
    expect((await ana.call('POST', '/api/v1/me/objections', { policyId: interestPolicy.id })).status).toBe(
      201,
    );
    expect((await ana.call('GET', '/xapi/statements')).status).toBe(200);
    expect(
      ((await ana.call('GET', '/api/v1/me/access-log')).body as { entries: unknown[] }).entries.length,
    ).toBeGreaterThan(0);

    // The erasure.
    const created = await admin.call('POST', `/api/v1/people/${anaPerson.id}/erasure`);
    expect(created.status).toBe(201);
    const erasure = created.body as ErasureViewV1;
    expect(['approved', 'running', 'completed']).toContain(erasure.state);
    const done = await until(admin, erasure.id, 'completed');
    const completion = done.completion!;
    expect(completion.record).toMatchObject({
      erasureId: erasure.id,
      personId: anaPerson.id,
      requestedBy: 'admin',
      approvedBy: admin.id,
      removed: {
        statementsDeleted: 5,
        stateDocumentsDeleted: 1,
        agentProfileDocumentsDeleted: 1,
        attachmentsDeleted: 1,
        person: 1,
        agentLinks: 4, // the mbox counts twice: as itself and as its mbox_sha1sum
        grants: 1,
        objections: 1,
      },
      pseudonymised: { statements: 3 },
      retained: [],
    });
    // Signed with the audit signing key, over the canonical JSON of the record.
    const publicKey = createPublicKey(lrs.auditKeys.signingKeyPem);
    expect(
      verify(
        null,
        Buffer.from(canonicalJson(completion.record)),
        publicKey,
        Buffer.from(completion.signature, 'base64'),
      ),
    ).toBe(true);

    // Nothing in the whole database: not her identifiers in any form, her name or her username.
    const { stdout: dump } = await run('pg_dump', ['--data-only', '--no-owner', inject('databaseUrl')], {
      maxBuffer: 1 << 30,
    });
    for (const needle of [email, sha1(mbox), accountName, openid, name, username]) {
      expect(dump.includes(needle), `the dump still holds ${needle}`).toBe(false);
    }
    // Everyone's identifiers are sealed at rest (crypto-shredding, ADR 0013 part 2): Bob's is not in the dump
    // either, and still reads back below.
    expect(dump).not.toContain(bob.mbox);

    // Every read path knows nothing of her.
    for (const agent of anaAgents.concat([{ mbox_sha1sum: sha1(mbox) }])) {
      const q = encodeURIComponent(JSON.stringify(agent));
      const byAgent = await client.request<{ statements: unknown[] }>(
        'GET',
        `/xapi/statements?agent=${q}&related_agents=true`,
      );
      expect(byAgent.body.statements).toEqual([]);
      const person = await client.request('GET', `/xapi/agents?agent=${q}`);
      expect(person.text).not.toContain(name);
      for (const other of [email, accountName, openid]) {
        if (!JSON.stringify(agent).includes(other)) expect(person.text).not.toContain(other);
      }
    }
    for (const s of [...own, withAttachment]) {
      expect((await client.request('GET', `/xapi/statements?statementId=${s.id}`)).status).toBe(404);
    }
    expect((await client.request('GET', statePath)).status).toBe(404);
    expect((await client.request('GET', profilePath)).status).toBe(404);
    // She is gone: her token names nobody, so her access log (and everything else) answers nothing.
    expect((await ana.call('GET', '/api/v1/me/access-log')).status).toBe(401);

    // Others' statements read with the stand-in.
    const stand = {
      objectType: 'Agent',
      account: { homePage: ERASED_HOME_PAGE, name: completion.record.placeholder.name },
    };
    const read = async (id: string) =>
      (await client.request<Record<string, never>>('GET', `/xapi/statements?statementId=${id}`)).body;
    const i = await read(instructed.id);
    expect(i.actor).toMatchObject({ mbox: bob.mbox });
    expect(i.context).toMatchObject({
      instructor: stand,
      team: { member: [{ mbox: bob.mbox }, stand] },
      contextAgents: [{ agent: stand }],
    });
    expect((await read(aboutHer.id)).object).toEqual(stand);
    expect((await read(together.id)).actor).toMatchObject({ member: [{ mbox: bob.mbox }, stand] });
    // The stand-in is what the agent filter finds, once per erasure.
    const standParam = encodeURIComponent(JSON.stringify({ account: stand.account }));
    const byStand = await client.request<{ statements: { id: string }[] }>(
      'GET',
      `/xapi/statements?agent=${standParam}&related_agents=true`,
    );
    expect(byStand.body.statements.map((s) => s.id).sort()).toEqual(
      [instructed.id, aboutHer.id, together.id].sort(),
    );

    // The log still verifies, and holds the completion record, which names nobody's identifiers.
    const verified = await auditor.call('GET', '/api/v1/audit/verify');
    expect(verified.status).toBe(200);
    expect((verified.body as { ok: boolean }).ok).toBe(true);
    const records = await auditor.call('GET', '/api/v1/audit/records?action=erasure.complete');
    expect(records.status).toBe(200);
    const [record] = (
      records.body as { records: { query: Record<string, unknown>; learnerKeys?: unknown }[] }
    ).records;
    expect(record!.query).toMatchObject({ erasureId: erasure.id, personId: anaPerson.id });
    // Both of storage's steps are repeatable (consent repeats one after a crash): the same answer, nothing erased twice.
    const bus = lrs.app.get(MessageBus);
    const again = await bus.request('storage.v1.erasure.erase', {
      tenantId: tenant,
      erasureId: erasure.id,
      subjectIfiHashes: [ifiHash(`mbox:${mbox}`)],
      placeholder: completion.record.placeholder,
      obligations: [],
      onObligation: 'block',
      dryRun: false,
    });
    expect(again).toMatchObject({
      outcome: 'erased',
      counts: { statementsDeleted: 5, statementsPseudonymised: 3 },
    });
    expect((await bus.request('storage.v1.erasure.seal', { record: completion.record })).completion).toEqual(
      completion,
    );
    expect(record!.query.completionDigest).toBe(
      createHash('sha256').update(canonicalJson(completion.record)).digest('hex'),
    );
  });
});

describe('who may erase', () => {
  it('is decided by CASL: a learner, an auditor and an xAPI credential get 403; another tenant 404', async () => {
    const tenant = aTenant();
    const target = await aSignedIn(
      tenant,
      ['learner'],
      [{ mbox: `mailto:t-${randomBytes(4).toString('hex')}@example.org` }],
    );
    for (const roles of [['learner'], ['auditor'], ['consumer']] as const) {
      const someone = await aSignedIn(tenant, [...roles]);
      expect((await someone.call('POST', `/api/v1/people/${target.id}/erasure`)).status).toBe(403);
    }
    const client = await lrs.client({ tenantId: tenant });
    expect((await client.request('POST', `/api/v1/people/${target.id}/erasure`, { body: {} })).status).toBe(
      403,
    );
    const elsewhere = await aSignedIn(aTenant(), ['admin']);
    expect((await elsewhere.call('POST', `/api/v1/people/${target.id}/erasure`)).status).toBe(404);
    // Nor may a learner follow someone else's erasure.
    const admin = await aSignedIn(tenant, ['admin']);
    const own = (await target.call('POST', '/api/v1/me/erasure-requests')).body as ErasureViewV1;
    const other = await aSignedIn(tenant, ['learner']);
    expect((await other.call('GET', `/api/v1/erasures/${own.id}`)).status).toBe(404);
    expect((await other.call('DELETE', `/api/v1/me/erasure-requests/${own.id}`)).status).toBe(404);
    expect((await target.call('POST', `/api/v1/erasures/${own.id}/approve`)).status).toBe(403);
    expect((await admin.call('DELETE', `/api/v1/me/erasure-requests/${own.id}`)).status).toBe(200);
    expect((await admin.call('POST', '/api/v1/people/not-a-uuid/erasure')).status).toBe(404);
    expect((await admin.call('POST', `/api/v1/people/${target.id}/erasure`, { narrow: 'yes' })).status).toBe(
      400,
    );
  });
});

describe('a person with no linked identifier', () => {
  it('is erased too: their account alone', async () => {
    const tenant = aTenant();
    const auditor = await aSignedIn(tenant, ['auditor']);
    const admin = await aSignedIn(tenant, ['admin']);
    const created = (await admin.call('POST', `/api/v1/people/${auditor.id}/erasure`)).body as ErasureViewV1;
    const done = await until(admin, created.id, 'completed');
    expect(done.completion!.record.removed).toMatchObject({ person: 1, agentLinks: 0, statementsDeleted: 0 });
    expect((await auditor.call('GET', '/api/v1/me')).status).toBe(401);
  });
});

describe("a learner's own request", () => {
  it('waits out its grace period, can be cancelled inside it, and is carried out after it', async () => {
    const tenant = aTenant();
    const email = `lea.${randomBytes(5).toString('hex')}@example.org`;
    const lea = await aSignedIn(tenant, ['learner'], [{ mbox: `mailto:${email}` }]);
    const admin = await aSignedIn(tenant, ['admin']);
    const client = await lrs.client({ tenantId: tenant });
    await client.postStatements({
      actor: { mbox: `mailto:${email}` },
      verb,
      object: activity('https://courses.example/l'),
    });

    const first = await lea.call('POST', '/api/v1/me/erasure-requests');
    expect(first.status).toBe(201);
    const waiting = first.body as ErasureViewV1;
    expect(waiting).toMatchObject({ state: 'waiting', requestedBy: 'self' });
    expect(Date.parse(waiting.dueAt!) - Date.parse(waiting.requestedAt)).toBeGreaterThanOrEqual(
      GRACE_SECONDS * 1000 - 50,
    );
    // One open request at a time.
    expect((await lea.call('POST', '/api/v1/me/erasure-requests')).status).toBe(409);
    const cancelled = await lea.call('POST', `/api/v1/me/erasure-requests/${waiting.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect((cancelled.body as ErasureViewV1).state).toBe('cancelled');
    await new Promise((r) => setTimeout(r, (GRACE_SECONDS + 1.5) * 1000));
    expect(((await lea.call('GET', `/api/v1/erasures/${waiting.id}`)).body as ErasureViewV1).state).toBe(
      'cancelled',
    );
    expect((await lea.call('GET', '/xapi/statements')).status).toBe(200);
    // Cancelled once, it cannot be cancelled again.
    expect((await lea.call('DELETE', `/api/v1/me/erasure-requests/${waiting.id}`)).status).toBe(409);

    const second = (await lea.call('POST', '/api/v1/me/erasure-requests')).body as ErasureViewV1;
    const listed = (await lea.call('GET', '/api/v1/me/erasure-requests')).body as ErasureViewV1[];
    expect(listed.map((e) => e.id)).toEqual([second.id, waiting.id]);
    const done = await until(admin, second.id, 'completed', (GRACE_SECONDS + 10) * 1000);
    expect(done.completion!.record).toMatchObject({ requestedBy: 'self', approvedBy: 'grace-period' });
    expect(done.completion!.record.removed.statementsDeleted).toBe(1);
    expect((await lea.call('GET', '/api/v1/me')).status).toBe(401);
  });

  it('is carried out at once when an admin approves it', async () => {
    const tenant = aTenant();
    const lea = await aSignedIn(
      tenant,
      ['learner'],
      [{ mbox: `mailto:lea.${randomBytes(5).toString('hex')}@example.org` }],
    );
    const admin = await aSignedIn(tenant, ['admin']);
    const waiting = (await lea.call('POST', '/api/v1/me/erasure-requests')).body as ErasureViewV1;
    const approved = await admin.call('POST', `/api/v1/erasures/${waiting.id}/approve`);
    expect(approved.status).toBe(200);
    const done = await until(admin, waiting.id, 'completed', 10_000);
    expect(done.completion!.record.approvedBy).toBe(admin.id);
  });
});

describe('legal obligations', () => {
  it('block an erasure and say which policy and why; a narrowed erasure keeps what they cover', async () => {
    const tenant = aTenant();
    const mbox = `mailto:carl.${randomBytes(5).toString('hex')}@example.org`;
    const carl = await aSignedIn(tenant, ['learner'], [{ mbox }]);
    const admin = await aSignedIn(tenant, ['admin']);
    const client = await lrs.client({ tenantId: tenant });
    // The kept statement carries an attachment (sealed under Carl's key when written).
    const record = anAttachment(`safety record of ${mbox}`);
    const kept = {
      id: randomUUID(),
      actor: { mbox },
      verb,
      object: activity('https://safety.example/training/1'),
      attachments: [record.metadata],
    };
    const gone = { id: randomUUID(), actor: { mbox }, verb, object: activity('https://courses.example/x') };
    const multipart = multipartStatements([kept, gone], [{ data: record.data }]);
    const posted = await client.request('POST', '/xapi/statements', {
      rawBody: multipart.body as unknown as string,
      headers: { 'Content-Type': multipart.contentType },
    });
    expect(posted.status).toBe(200);
    const obligation = (
      await admin.call('POST', '/api/v1/policies', {
        grantee: { kind: 'role', id: 'auditor' },
        purpose: {
          code: 'safety-records',
          text: 'Workplace safety training records kept for 5 years by law',
        },
        lawfulBasis: 'legal-obligation',
        scope: { activityPrefixes: ['https://safety.example/'] },
      })
    ).body as { id: string };

    const blocked = await admin.call('POST', `/api/v1/people/${carl.id}/erasure`);
    expect(blocked.status).toBe(201);
    expect(blocked.body).toMatchObject({
      state: 'blocked',
      blockers: [
        {
          kind: 'legal-obligation',
          policyId: obligation.id,
          purposeCode: 'safety-records',
          purposeText: 'Workplace safety training records kept for 5 years by law',
          statements: 1,
        },
      ],
    });
    // Nothing was changed.
    expect((await client.request('GET', `/xapi/statements?statementId=${gone.id}`)).status).toBe(200);
    // The learner's own request is blocked the same way.
    expect(((await carl.call('POST', '/api/v1/me/erasure-requests')).body as ErasureViewV1).state).toBe(
      'blocked',
    );

    const narrowed = await admin.call('POST', `/api/v1/people/${carl.id}/erasure`, { narrow: true });
    expect(narrowed.status).toBe(201);
    const done = await until(admin, (narrowed.body as ErasureViewV1).id, 'completed');
    expect(done.completion!.record).toMatchObject({
      removed: { statementsDeleted: 1 },
      retained: [{ kind: 'legal-obligation', policyId: obligation.id, statements: 1 }],
    });
    expect((await client.request('GET', `/xapi/statements?statementId=${gone.id}`)).status).toBe(404);
    const keptRead = await client.request<{ actor: unknown }>(
      'GET',
      `/xapi/statements?statementId=${kept.id}`,
    );
    expect(keptRead.status).toBe(200);
    // Kept as it was written: re-sealed under a key of the erasure's own before Carl's keys were destroyed.
    expect(keptRead.body.actor).toMatchObject({ mbox });
    // Its attachment too: a copy under the erasure's key, made before Carl's keys and copies went.
    const creds = await lrs.credentials.create(['all'], tenant);
    const withFiles = await binaryXapi(
      lrs.baseUrl,
      creds.key,
      creds.secret,
    )('GET', `/xapi/statements?statementId=${kept.id}&attachments=true`);
    expect(withFiles.status).toBe(200);
    const [, ...files] = readMultipart(withFiles.headers.get('content-type') ?? '', withFiles.body);
    expect(files.map((f) => f.body.toString('utf8'))).toEqual([record.data.toString('utf8')]);
  });
  it('is blocked by a legal hold on the person, narrowed or not, naming the hold; released, it goes ahead', async () => {
    const tenant = aTenant();
    const mbox = `mailto:dora.${randomBytes(5).toString('hex')}@example.org`;
    const dora = await aSignedIn(tenant, ['learner'], [{ mbox }]);
    const admin = await aSignedIn(tenant, ['admin']);
    const client = await lrs.client({ tenantId: tenant });
    const statement = {
      id: randomUUID(),
      actor: { mbox },
      verb,
      object: activity('https://courses.example/y'),
    };
    await client.postStatements([statement]);
    const endsAt = new Date(Date.now() + 86_400_000).toISOString();
    const hold = await admin.call('POST', '/api/v1/retention/holds', {
      reason: 'Litigation 2026-21',
      endsAt,
      agent: { mbox },
    });
    expect(hold.status).toBe(201);
    const holdId = (hold.body as { id: string }).id;

    for (const body of [undefined, { narrow: true }]) {
      const blocked = await admin.call('POST', `/api/v1/people/${dora.id}/erasure`, body);
      expect(blocked.status).toBe(201);
      expect(blocked.body).toMatchObject({
        state: 'blocked',
        blockers: [{ kind: 'legal-hold', holdId, reason: 'Litigation 2026-21' }],
      });
    }
    // Nothing was changed.
    expect((await client.request('GET', `/xapi/statements?statementId=${statement.id}`)).status).toBe(200);

    // A hold made after the erasure was asked for still stops it when it is carried out.
    expect((await admin.call('POST', `/api/v1/retention/holds/${holdId}/release`)).status).toBe(200);
    const asked = await dora.call('POST', '/api/v1/me/erasure-requests');
    expect((asked.body as ErasureViewV1).state).toBe('waiting');
    const second = await admin.call('POST', '/api/v1/retention/holds', {
      reason: 'Investigation 7',
      endsAt,
      agent: { mbox },
    });
    const approved = await admin.call('POST', `/api/v1/erasures/${(asked.body as ErasureViewV1).id}/approve`);
    expect(approved.status).toBe(200);
    const stopped = await until(admin, (asked.body as ErasureViewV1).id, 'blocked');
    expect(stopped.blockers).toMatchObject([
      { kind: 'legal-hold', holdId: (second.body as { id: string }).id, reason: 'Investigation 7' },
    ]);
    expect((await client.request('GET', `/xapi/statements?statementId=${statement.id}`)).status).toBe(200);

    // Released, the erasure can be asked for again and is carried out.
    await admin.call('POST', `/api/v1/retention/holds/${(second.body as { id: string }).id}/release`);
    const again = await admin.call('POST', `/api/v1/people/${dora.id}/erasure`);
    const done = await until(admin, (again.body as ErasureViewV1).id, 'completed');
    expect(done.completion!.record).toMatchObject({ removed: { statementsDeleted: 1 } });
    expect((await client.request('GET', `/xapi/statements?statementId=${statement.id}`)).status).toBe(404);
  });
});
