// DESIGN "Audit", issue 5: auditors filter, page through, export and summarise the access log of their tenant
// (GET /api/v1/audit/records, /export, /stats); a learner sees who accessed their records (GET
// /api/v1/me/access-log), and nothing about other learners. Each read of the log is itself in the log. The
// records come from real requests: reads by an xAPI client, a consumer under a learner's grant, the learners
// themselves, and a denied read.
import { createHash } from 'node:crypto';

import { aLearner, aStatement, aVerb, waitFor, xapiClient } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type SignedIn, useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
});
afterAll(async () => {
  await db?.end();
});

/**
 * Waits until every change of the tenant (people, credentials, policies, grants) is in its audit chain: they
 * arrive through consent's outbox after their commit, and a row leaves the outbox once its record is appended.
 * Then a time bound taken afterwards splits the records cleanly.
 */
async function changesRecorded(tenantId: string): Promise<void> {
  await waitFor(
    "the tenant's change records",
    async () =>
      (await db.query(`SELECT 1 FROM consent.outbox WHERE payload->>'tenantId' = $1`, [tenantId]))
        .rowCount === 0,
    30_000,
  );
}

interface AuditRecord {
  tenantId: string;
  seq: string;
  at: string;
  principalId: string;
  principalKind?: string;
  action: string;
  resource?: string;
  query: Record<string, unknown>;
  decision: string;
  count: number;
  reason: string | null;
  basis?: Record<string, unknown>[];
  learnerKeys?: string[];
  prevHash: string;
  hash: string;
}

interface AccessLogEntry {
  at: string;
  principal: { id: string; kind?: string; name?: string };
  action: string;
  resource?: string;
  decision: string;
  count: number;
  basis: Record<string, unknown>[];
}

const COURSE = 'https://example.org/courses/a/';
const completed = aVerb('completed');
const activity = (id: string) => ({ objectType: 'Activity', id });
const password = (username: string) => `${username}-password-123`;

/**
 * A tenant whose log holds: an xAPI client reading every statement, a client refused (it may only write), a
 * consumer reading Ana's statement under her consent grant, and Ana and Bob reading their own.
 */
async function aTenant() {
  const lms = await lrs.client();
  const { tenantId } = lms;
  const ana = aLearner();
  const bob = aLearner();
  expect(
    (
      await lms.postStatements([
        aStatement({ actor: ana, verb: completed, object: activity(`${COURSE}1`) }),
        aStatement({ actor: ana, verb: aVerb('attempted'), object: activity(`${COURSE}2`) }),
        aStatement({ actor: bob, verb: completed, object: activity(`${COURSE}1`) }),
      ])
    ).status,
  ).toBe(200);
  const person = (username: string, roles: ('learner' | 'admin' | 'auditor' | 'consumer')[], extra = {}) =>
    lrs.people.create(tenantId, { username, password: password(username), roles, ...extra });
  const people = {
    auditor: await person('auditor', ['auditor']),
    admin: await person('admin', ['admin']),
    consumer: await person('consumer', ['consumer'], { displayName: 'Carla Consumer' }),
    ana: await person('ana', ['learner'], { agents: [{ mbox: ana.mbox }] }),
    bob: await person('bob', ['learner'], { agents: [{ mbox: bob.mbox }] }),
  };
  const signIn = (username: string) => lrs.signIn(tenantId, username, password(username));
  const as = {
    auditor: await signIn('auditor'),
    admin: await signIn('admin'),
    consumer: await signIn('consumer'),
    ana: await signIn('ana'),
    bob: await signIn('bob'),
  };
  const credential = async (scopes: string[]) => {
    const c = await lrs.credentials.create(scopes, tenantId);
    return { id: c.id, client: xapiClient(lrs.baseUrl, c.key, c.secret, '2.0.0') };
  };
  const reader = await credential(['statements/read']);
  const writer = await credential(['statements/write']);

  const policy = await as.admin.call('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students in course A' },
    lawfulBasis: 'consent',
    scope: { activityPrefixes: [COURSE], verbs: [completed.id] },
  });
  expect(policy.status).toBe(201);
  const policyId = (policy.body as { id: string }).id;
  const granted = await as.ana.call('POST', '/api/v1/me/grants', { policyId });
  expect(granted.status).toBe(201);
  const grantId = (granted.body as { record: { id: string } }).record.id;

  expect((await reader.client.getStatements()).status).toBe(200);
  expect((await writer.client.getStatements()).status).toBe(403);
  const consumerRead = await as.consumer.call('GET', '/xapi/statements');
  expect((consumerRead.body as { statements: unknown[] }).statements).toHaveLength(1);
  expect((await as.ana.call('GET', '/xapi/statements')).status).toBe(200);
  expect((await as.bob.call('GET', '/xapi/statements')).status).toBe(200);
  return { tenantId, lms, ana, bob, people, as, reader, writer, policyId, grantId };
}

async function get(who: SignedIn, path: string) {
  const res = await fetch(`${lrs.baseUrl}${path}`, { headers: { Authorization: `Bearer ${who.token}` } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Every record the filters select, following the `next` links. */
async function listAll(who: SignedIn, params: Record<string, string> = {}): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let path: string | null = `/api/v1/audit/records?${query({ limit: '1000', ...params })}`;
  while (path) {
    const res = await get(who, path);
    expect(res.status, res.text).toBe(200);
    const page = JSON.parse(res.text) as { records: AuditRecord[]; next: string | null };
    records.push(...page.records);
    path = page.next;
  }
  return records;
}

const seqs = (records: readonly { seq: string }[]) => records.map((r) => Number(r.seq));
const overlaps = (a: readonly string[] | undefined, b: readonly string[]) =>
  (a ?? []).some((k) => b.includes(k));

/** The learner keys of a learner's own statement read: the records about them carry these. */
function keysOf(records: readonly AuditRecord[], personId: string): string[] {
  const own = records.find((r) => r.principalId === personId && r.action === 'statements.read');
  expect(own?.learnerKeys?.length).toBeGreaterThan(0);
  return own!.learnerKeys!;
}

/** docs/audit.md "The chain": JSON with keys sorted at every depth, absent fields left out. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const rehash = ({ hash: _hash, ...content }: AuditRecord) =>
  createHash('sha256').update(canonicalJson(content)).digest('hex');

/** RFC 4180 rows; an unquoted empty field is `null`, a quoted one `''`. */
function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i += 1;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          field += text[i];
          i += 1;
        }
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') field += text[i++];
    }
    row.push(quoted || field !== '' ? field : null);
    if (text[i] === ',') {
      i += 1;
    } else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** A CSV row back as the record: JSON columns parsed, empty columns absent (`reason` null). */
function recordOfCsv(header: readonly (string | null)[], row: readonly (string | null)[]): AuditRecord {
  const cell = (name: string) => row[header.indexOf(name)] ?? undefined;
  const json = (name: string) => {
    const value = cell(name);
    return value === undefined ? undefined : (JSON.parse(value) as never);
  };
  const record = {
    tenantId: cell('tenant_id'),
    seq: cell('seq'),
    at: cell('at'),
    principalId: cell('principal_id'),
    principalKind: cell('principal_kind'),
    action: cell('action'),
    resource: cell('resource'),
    query: json('query'),
    decision: cell('decision'),
    count: Number(cell('count')),
    reason: cell('reason') ?? null,
    returnedIds: json('returned_ids'),
    returnedDigest: cell('returned_digest'),
    basis: json('basis'),
    learnerKeys: json('learner_keys'),
    requestId: cell('request_id'),
    eventId: cell('event_id'),
    prevHash: cell('prev_hash'),
    hash: cell('hash'),
  };
  return JSON.parse(JSON.stringify(record)) as AuditRecord;
}

describe('GET /api/v1/audit/records', () => {
  it('narrows the log to exactly the records each filter names', async () => {
    const t = await aTenant();
    const all = await listAll(t.as.auditor);
    // Records written from here on (the auditor's own reads, changes reported later) are left out of the comparison.
    const last = Number(all[0]!.seq);
    const seeded = (records: readonly AuditRecord[]) => records.filter((r) => Number(r.seq) <= last);
    expect(seqs(all)).toEqual(Array.from({ length: last }, (_, i) => last - i));
    expect(all.every((r) => r.tenantId === t.tenantId)).toBe(true);

    const anaKeys = keysOf(all, t.people.ana.id);
    const bobKeys = keysOf(all, t.people.bob.id);
    const middle = all.find((r) => r.principalId === t.people.consumer.id && r.action === 'statements.read')!;
    const cases: [string, Record<string, string>, (r: AuditRecord) => boolean][] = [
      ['principal', { principal: t.reader.id }, (r) => r.principalId === t.reader.id],
      ['outcome deny', { outcome: 'deny' }, (r) => r.decision === 'deny'],
      ['outcome allow', { outcome: 'allow' }, (r) => r.decision === 'allow'],
      ['action', { action: 'statements.read' }, (r) => r.action === 'statements.read'],
      ['learner', { learner: JSON.stringify({ mbox: t.ana.mbox }) }, (r) => overlaps(r.learnerKeys, anaKeys)],
      ['person', { person: t.people.bob.id }, (r) => overlaps(r.learnerKeys, bobKeys)],
      ['policy', { policy: t.policyId }, (r) => (r.basis ?? []).some((b) => b.policyId === t.policyId)],
      [
        'grant',
        { grant: t.grantId },
        (r) => (r.basis ?? []).some((b) => (b.grantIds as string[] | undefined)?.includes(t.grantId)),
      ],
      ['since', { since: middle.at }, (r) => Date.parse(r.at) > Date.parse(middle.at)],
      ['until', { until: middle.at }, (r) => Date.parse(r.at) <= Date.parse(middle.at)],
      [
        'several at once',
        { principal: t.people.consumer.id, outcome: 'allow', action: 'statements.read' },
        (r) =>
          r.principalId === t.people.consumer.id && r.decision === 'allow' && r.action === 'statements.read',
      ],
    ];
    for (const [name, params, expected] of cases) {
      const got = seeded(await listAll(t.as.auditor, params));
      const want = seeded(all).filter(expected);
      expect(want.length, name).toBeGreaterThan(0);
      expect(want.length, name).toBeLessThan(seeded(all).length);
      expect({ name, seqs: seqs(got) }).toEqual({ name, seqs: seqs(want) });
    }

    // And they pick the records a reader expects: Ana's are the client's and the consumer's reads and her own.
    const aboutAna = seeded(await listAll(t.as.auditor, { person: t.people.ana.id }));
    const readers = (records: AuditRecord[]) =>
      records.filter((r) => r.action === 'statements.read').map((r) => r.principalId);
    expect(new Set(readers(aboutAna))).toEqual(new Set([t.reader.id, t.people.consumer.id, t.people.ana.id]));
    const underGrant = seeded(await listAll(t.as.auditor, { grant: t.grantId }));
    expect(readers(underGrant)).toEqual([t.people.consumer.id]);
    const denied = seeded(await listAll(t.as.auditor, { outcome: 'deny' }));
    expect(denied.map((r) => [r.principalId, r.action])).toContainEqual([t.writer.id, 'statements.read']);
  });

  it('returns each record as stored, so its hash can be checked', async () => {
    const t = await aTenant();
    const records = await listAll(t.as.auditor);
    for (const record of records) expect(rehash(record)).toBe(record.hash);
    const bySeq = new Map(records.map((r) => [Number(r.seq), r]));
    for (const record of records.filter((r) => r.seq !== '1')) {
      expect(record.prevHash).toBe(bySeq.get(Number(record.seq) - 1)!.hash);
    }
  });

  it('pages through every record exactly once, newest first and in chain order', async () => {
    const t = await aTenant();
    const pages = async (params: Record<string, string>) => {
      const got: AuditRecord[][] = [];
      let path: string | null = `/api/v1/audit/records?${query(params)}`;
      while (path) {
        const res = await get(t.as.auditor, path);
        expect(res.status, res.text).toBe(200);
        const page = JSON.parse(res.text) as { records: AuditRecord[]; next: string | null };
        got.push(page.records);
        if (page.next) expect(page.next).toMatch(/^\/api\/v1\/audit\/records\?.*limit=/);
        path = page.next;
      }
      return got;
    };
    const newest = await pages({ limit: '3' });
    expect(newest.length).toBeGreaterThan(2);
    expect(newest.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    const top = Number(newest[0]![0]!.seq);
    // Records the paging itself adds are newer than its first page: never seen, never repeated.
    expect(seqs(newest.flat())).toEqual(Array.from({ length: top }, (_, i) => top - i));

    const oldest = (await pages({ order: 'asc', limit: '4' })).flat();
    expect(seqs(oldest)).toEqual(Array.from({ length: oldest.length }, (_, i) => i + 1));
    expect(oldest.length).toBeGreaterThanOrEqual(top);
  });

  it('answers a malformed filter with 400 and an unknown person with 404', async () => {
    const t = await aTenant();
    const malformed: Record<string, string>[] = [
      { outcome: 'maybe' },
      { since: 'yesterday' },
      { learner: 'ana' },
      { verb: 'x' },
    ];
    for (const params of malformed) {
      expect((await get(t.as.auditor, `/api/v1/audit/records?${query(params)}`)).status).toBe(400);
    }
    const unknown = await get(
      t.as.auditor,
      '/api/v1/audit/records?person=00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.status).toBe(404);
  });
});

describe('GET /api/v1/audit/export', () => {
  it('streams the same records as the listing, as NDJSON and as CSV that re-hashes', async () => {
    const t = await aTenant();
    const filtered = { action: 'statements.read' };
    const listed = await listAll(t.as.auditor, filtered);
    expect(listed.length).toBeGreaterThan(3);

    const ndjson = await get(
      t.as.auditor,
      `/api/v1/audit/export?${query({ ...filtered, format: 'ndjson' })}`,
    );
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = ndjson.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord);
    expect(lines).toEqual(listed);

    const csv = await get(t.as.auditor, `/api/v1/audit/export?${query({ ...filtered, format: 'csv' })}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(csv.text);
    expect(header?.slice(0, 4)).toEqual(['tenant_id', 'seq', 'at', 'principal_id']);
    const fromCsv = rows.map((row) => recordOfCsv(header!, row));
    expect(fromCsv).toEqual(listed);
    for (const record of fromCsv) expect(rehash(record)).toBe(record.hash);

    // Unfiltered, in chain order: every record up to the moment the export began.
    const whole = await get(t.as.auditor, '/api/v1/audit/export?order=asc');
    const exported = whole.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord);
    const through = Number(exported[exported.length - 1]!.seq);
    const after = (await listAll(t.as.auditor, { order: 'asc' })).filter((r) => Number(r.seq) <= through);
    expect(exported).toEqual(after);
    // The export itself is the record after them.
    const own = (await listAll(t.as.auditor, { action: 'audit.export' })).find(
      (r) => Number(r.seq) === through + 1,
    );
    expect(own).toMatchObject({
      principalId: t.people.auditor.id,
      decision: 'allow',
      count: exported.length,
    });
  });

  it('answers an unknown format with 400', async () => {
    const t = await aTenant();
    expect((await get(t.as.auditor, '/api/v1/audit/export?format=xml')).status).toBe(400);
  });
});

describe('GET /api/v1/audit/stats', () => {
  it('counts allowed and denied requests per principal (named when staff or a client), denials per day and reads per policy', async () => {
    const t = await aTenant();
    await changesRecorded(t.tenantId);
    const until = new Date().toISOString();
    // Appends still committing at `until` are done after this pause.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const res = await get(t.as.auditor, `/api/v1/audit/stats?${query({ until })}`);
    expect(res.status, res.text).toBe(200);
    const stats = JSON.parse(res.text) as {
      records: number;
      principals: {
        principalId: string;
        principalKind?: string;
        name?: string;
        allow: number;
        deny: number;
      }[];
      denialsPerDay: { day: string; denials: number }[];
      readsPerPolicy: { policyId: string; reads: number; items: number }[];
    };
    const records = await listAll(t.as.auditor, { until });
    expect(stats.records).toBe(records.length);
    const expected = new Map<string, { allow: number; deny: number }>();
    for (const r of records) {
      const counts = expected.get(r.principalId) ?? { allow: 0, deny: 0 };
      counts[r.decision as 'allow' | 'deny'] += 1;
      expected.set(r.principalId, counts);
    }
    expect(new Map(stats.principals.map((p) => [p.principalId, { allow: p.allow, deny: p.deny }]))).toEqual(
      expected,
    );
    expect(stats.principals.find((p) => p.principalId === t.writer.id)).toMatchObject({
      principalKind: 'credential',
      deny: 1,
    });
    const days = new Map<string, number>();
    for (const r of records.filter((x) => x.decision === 'deny')) {
      days.set(r.at.slice(0, 10), (days.get(r.at.slice(0, 10)) ?? 0) + 1);
    }
    expect(stats.denialsPerDay).toEqual([...days].sort().map(([day, denials]) => ({ day, denials })));
    expect(stats.denialsPerDay.length).toBeGreaterThan(0);
    // The consumer's read under Ana's grant is the one read relying on the policy; it returned her statement.
    const policyReads = records.filter(
      (r) => r.decision === 'allow' && (r.basis ?? []).some((b) => b.policyId === t.policyId),
    );
    expect(stats.readsPerPolicy).toEqual([
      {
        policyId: t.policyId,
        reads: policyReads.length,
        items: policyReads.reduce((sum, r) => sum + r.count, 0),
      },
    ]);
    expect(policyReads.map((r) => r.principalId)).toContain(t.people.consumer.id);
    // Credentials and staff by name; a learner by id only.
    const byId = new Map(stats.principals.map((p) => [p.principalId, p]));
    expect(byId.get(t.people.consumer.id)?.name).toBe('Carla Consumer');
    expect(byId.get(t.reader.id)?.name).toEqual(expect.any(String));
    expect(byId.get(t.people.ana.id)).toBeDefined();
    expect(byId.get(t.people.ana.id)?.name).toBeUndefined();
  });
});

describe('reading the audit log', () => {
  it('is itself recorded, with the filter and what was returned', async () => {
    const t = await aTenant();
    await listAll(t.as.auditor, { principal: t.reader.id, limit: '5' });
    const [read] = await listAll(t.as.auditor, { action: 'audit.read', principal: t.people.auditor.id });
    expect(read).toMatchObject({
      principalId: t.people.auditor.id,
      principalKind: 'person',
      action: 'audit.read',
      resource: 'audit',
      decision: 'allow',
      query: { principal: t.reader.id, limit: 5, order: 'desc' },
    });
    const res = await get(t.as.auditor, '/api/v1/audit/stats');
    expect(res.status).toBe(200);
    expect((await listAll(t.as.auditor, { action: 'audit.stats' }))[0]).toMatchObject({
      principalId: t.people.auditor.id,
      decision: 'allow',
      count: (JSON.parse(res.text) as { records: number }).records,
    });
  });

  it('is refused (403) to everyone but auditors, and each refusal is recorded', async () => {
    const t = await aTenant();
    const operator = await lrs.credentials.create(['all'], t.tenantId);
    const operatorClient = xapiClient(lrs.baseUrl, operator.key, operator.secret, '2.0.0');
    const paths = ['/api/v1/audit/records', '/api/v1/audit/export?format=csv', '/api/v1/audit/stats'];
    for (const path of paths) {
      for (const who of [t.as.consumer, t.as.ana, t.as.admin]) {
        expect((await get(who, path)).status).toBe(403);
      }
      expect((await operatorClient.request('GET', path)).status).toBe(403);
    }
    expect((await operatorClient.request('GET', '/api/v1/me/access-log')).status).toBe(403);
    for (const who of [t.as.consumer, t.as.admin]) {
      expect((await get(who, '/api/v1/me/access-log')).status).toBe(403);
    }
    // An auditor may read the log, but no record is about them: their access log is empty.
    const auditorsOwn = await get(t.as.auditor, '/api/v1/me/access-log');
    expect(JSON.parse(auditorsOwn.text)).toMatchObject({ entries: [], next: null });
    const refused = await listAll(t.as.auditor, { outcome: 'deny', principal: t.people.consumer.id });
    expect(refused.map((r) => r.action).sort()).toEqual([
      'access-log.read',
      'audit.export',
      'audit.read',
      'audit.stats',
    ]);
  });

  it('never crosses tenants', async () => {
    const a = await aTenant();
    const b = await aTenant();
    const ofB = await listAll(b.as.auditor);
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.every((r) => r.tenantId === b.tenantId)).toBe(true);
    expect(await listAll(b.as.auditor, { principal: a.reader.id })).toEqual([]);
    expect(await listAll(b.as.auditor, { learner: JSON.stringify({ mbox: a.ana.mbox }) })).toEqual([]);
    expect((await get(b.as.auditor, `/api/v1/audit/records?person=${a.people.ana.id}`)).status).toBe(404);
    const exported = await get(b.as.auditor, '/api/v1/audit/export');
    expect(exported.text.includes(a.tenantId)).toBe(false);
    const stats = JSON.parse((await get(b.as.auditor, '/api/v1/audit/stats')).text) as {
      principals: { principalId: string }[];
    };
    expect(stats.principals.map((p) => p.principalId)).not.toContain(a.reader.id);
  });
});

describe('GET /api/v1/me/access-log', () => {
  it("shows a learner exactly the accesses to their records, and nothing of other learners'", async () => {
    const t = await aTenant();
    await changesRecorded(t.tenantId);
    const until = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const entries: AccessLogEntry[] = [];
    let path: string | null = `/api/v1/me/access-log?${query({ until, limit: '2' })}`;
    while (path) {
      const res = await get(t.as.ana, path);
      expect(res.status, res.text).toBe(200);
      const page = JSON.parse(res.text) as { entries: AccessLogEntry[]; next: string | null };
      entries.push(...page.entries);
      path = page.next;
    }
    const aboutAna = await listAll(t.as.auditor, { person: t.people.ana.id, until });
    expect(entries.map((e) => [e.at, e.principal.id, e.action, e.decision])).toEqual(
      aboutAna.map((r) => [r.at, r.principalId, r.action, r.decision]),
    );
    // A count shows only for an access that concerned Ana alone: the count of a read that also covered Bob
    // would tell Ana how much is recorded about him.
    const bobsKeys = new Set(keysOf(await listAll(t.as.auditor), t.people.bob.id));
    expect(entries.map((e) => e.count)).toEqual(
      aboutAna.map((r) => ((r.learnerKeys ?? []).some((k) => bobsKeys.has(k)) ? undefined : r.count)),
    );
    const reads = entries.filter((e) => e.action === 'statements.read');
    expect(reads.find((e) => e.principal.id === t.reader.id)).not.toHaveProperty('count');
    expect(reads.find((e) => e.principal.id === t.people.ana.id)?.count).toBeGreaterThan(0);
    expect(reads.map((e) => e.principal.id).sort()).toEqual(
      [t.reader.id, t.people.consumer.id, t.people.ana.id].sort(),
    );
    expect(reads.find((e) => e.principal.id === t.people.consumer.id)).toMatchObject({
      principal: { kind: 'person', name: 'Carla Consumer' },
      resource: 'statements',
      decision: 'allow',
      count: 1,
      basis: [{ kind: 'policy', policyId: t.policyId, version: 1 }],
    });
    expect(reads.find((e) => e.principal.id === t.reader.id)?.principal).toEqual({
      id: t.reader.id,
      kind: 'credential',
      name: 'test',
    });

    // Bob's own read is not Ana's business; nor are his key, the grant ids or the statement ids.
    const all = await listAll(t.as.auditor);
    const shown = JSON.stringify(entries);
    for (const key of keysOf(all, t.people.bob.id)) expect(shown).not.toContain(key);
    for (const key of keysOf(all, t.people.ana.id)) expect(shown).not.toContain(key);
    expect(shown).not.toContain(t.grantId);
    expect(entries.map((e) => e.principal.id)).not.toContain(t.people.bob.id);
    for (const entry of entries) {
      expect(['action', 'at', 'basis', 'count', 'decision', 'principal', 'proof', 'resource']).toEqual(
        expect.arrayContaining(Object.keys(entry)),
      );
    }
  });

  it('is recorded, and an auditor looking up a learner shows in that learner’s log', async () => {
    const t = await aTenant();
    expect((await get(t.as.bob, '/api/v1/me/access-log')).status).toBe(200);
    const [own] = await listAll(t.as.auditor, { action: 'access-log.read' });
    expect(own).toMatchObject({ principalId: t.people.bob.id, resource: 'audit', decision: 'allow' });

    await listAll(t.as.auditor, { person: t.people.bob.id });
    const res = await get(t.as.bob, '/api/v1/me/access-log?limit=5');
    const { entries } = JSON.parse(res.text) as { entries: AccessLogEntry[] };
    expect(entries.map((e) => [e.principal.id, e.action])).toContainEqual([
      t.people.auditor.id,
      'audit.read',
    ]);
  });
});
