// DESIGN "Access model": who reads what, over every read path, in the distributed mode with two query
// processes and one consent process (real NATS and PostgreSQL). One tenant is seeded with two learners'
// statements and documents, people of every role, policies, a grant, and a credential per xAPI scope; a
// second tenant has its own credential and admin. For each principal (row) × read path (cell) the expected
// answer is computed by the small model below — written from docs/access-model.md and
// docs/architecture.md, never from the system's answers — and compared with what the LRS returns.
// Revocation, objection and withdrawal then change the world, apply to the very next reads (whichever
// query process serves them), and the rows concerned are checked again on every path.
//
// The describe blocks run in order and share one seeded cluster (one cluster keeps the file under a minute):
// the later phases depend on the earlier ones, so run the file whole rather than filtered with -t.
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  anAttachment,
  type Cluster,
  multipartStatements,
  readMultipart,
  sha256Hex,
  startCluster,
} from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory, type TestCredential } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

// ---------------------------------------------------------------------------------------------------------
// The scenario, as the test writes it.

const TAG = randomBytes(4).toString('hex');
const COURSE = `https://example.org/matrix-${TAG}/course/`;
const C1 = `${COURSE}1`;
const OTHER = `https://example.org/matrix-${TAG}/other/1`;
const REGISTRATION = randomUUID();

/** The xAPI identifiers of the scenario: learner A (mbox and account), learner B, and X, linked to nobody. */
const AGENTS = {
  'A.mbox': { mbox: `mailto:matrix-a-${TAG}@example.org` },
  'A.account': { account: { homePage: 'https://lms.example.org', name: `matrix-a-${TAG}` } },
  'B.mbox': { mbox: `mailto:matrix-b-${TAG}@example.org` },
  'X.mbox': { mbox: `mailto:matrix-x-${TAG}@example.org` },
} as const;
type AgentKey = keyof typeof AGENTS;
type Learner = 'A' | 'B';
const agent = (key: AgentKey) => ({ objectType: 'Agent', ...AGENTS[key] });
const asked = (key: AgentKey) => JSON.stringify(AGENTS[key]);

type Tenant = 'T1' | 'T2';
/** Which credential wrote a statement (the rows named so). */
type Writer = 'all' | 'statements/read/mine' | 'other tenant: all';

/** A statement of the scenario and every fact about it the expectations need. */
interface Rec {
  key: string;
  tenant: Tenant;
  actor: AgentKey;
  /** An Agent object (`agent` matches it, as it matches the actor). */
  objectAgent?: AgentKey;
  /** Context instructor: matched by `agent` only with `related_agents`. */
  instructor?: AgentKey;
  objectActivity?: string;
  /** Context parent activity: matched by `activity` only with `related_activities`. */
  parent?: string;
  registration?: boolean;
  /** The key of the statement its StatementRef object targets (here: voids). */
  voids?: string;
  voided?: boolean;
  attachment?: Buffer;
  /** Which request posted it (requests 2-5 come after the `since`/`until` instant), and as whom. */
  post: number;
  writer: Writer;
}

/** The statements of one POST request. */
const posted = (post: number, writer: Writer, recs: Omit<Rec, 'post' | 'writer' | 'tenant'>[]): Rec[] =>
  recs.map((r) => ({ tenant: writer === 'other tenant: all' ? 'T2' : 'T1', post, writer, ...r }));

const RECS: readonly Rec[] = [
  // One multipart request carrying the data of two attachments.
  ...posted(1, 'all', [
    { key: 'a1', actor: 'A.mbox', objectActivity: C1, registration: true },
    { key: 'a2', actor: 'A.mbox', objectActivity: `${COURSE}2`, parent: C1, attachment: randomBytes(48) },
    { key: 'b1', actor: 'B.mbox', objectActivity: C1, registration: true, attachment: randomBytes(40) },
    { key: 'a4', actor: 'A.mbox', objectActivity: OTHER },
    // B mentored A: about B only, though A is the object.
    { key: 'b3', actor: 'B.mbox', objectAgent: 'A.mbox' },
  ]),
  ...posted(2, 'statements/read/mine', [
    { key: 'a3', actor: 'A.mbox', objectActivity: `${COURSE}3` },
    // About X, who is linked to nobody.
    { key: 'o1', actor: 'X.mbox', objectActivity: `${COURSE}7` },
  ]),
  ...posted(3, 'all', [
    { key: 'a5', actor: 'A.mbox', objectActivity: C1, voided: true },
    // Learner A under their other identifier.
    { key: 'a6', actor: 'A.account', objectActivity: `${COURSE}5` },
    // A instructed B: about B only.
    { key: 'b2', actor: 'B.mbox', objectActivity: `${COURSE}2`, instructor: 'A.mbox' },
  ]),
  // A voids a5, posted by a credential that may read v1 but not a5.
  ...posted(4, 'statements/read/mine', [{ key: 'v1', actor: 'A.mbox', voids: 'a5' }]),
  // The other tenant, about the same mbox as learner A.
  ...posted(5, 'other tenant: all', [{ key: 't1', actor: 'A.mbox', objectActivity: C1 }]),
];
/** The learner a statement is about (its actor, never the object or context agents), per the access model. */
const subjectOf = (s: Rec) => s.actor.slice(0, 1) as 'A' | 'B' | 'X';
const recByKey = new Map(RECS.map((r) => [r.key, r]));
const ids = new Map<string, string>(RECS.map((r) => [r.key, randomUUID()]));
const idOf = (key: string) => ids.get(key)!;
const keyOfId = new Map([...ids].map(([k, id]) => [id, k]));
const keysOf = (statementIds: unknown[]) =>
  statementIds.map((id) => keyOfId.get(String(id)) ?? `unknown:${String(id)}`);

/** The xAPI statement of a scenario record. */
function statementOf(r: Rec): Record<string, unknown> {
  const verb = (name: string) => ({
    id: `http://adlnet.gov/expapi/verbs/${name}`,
    display: { 'en-US': name },
  });
  const attachment = r.attachment ? anAttachment(r.attachment) : undefined;
  const context = {
    ...(r.registration && { registration: REGISTRATION }),
    ...(r.parent && { contextActivities: { parent: [{ objectType: 'Activity', id: r.parent }] } }),
    ...(r.instructor && { instructor: agent(r.instructor) }),
  };
  return {
    id: idOf(r.key),
    actor: agent(r.actor),
    verb: verb(r.voids ? 'voided' : r.objectAgent ? 'mentored' : 'completed'),
    object: r.voids
      ? { objectType: 'StatementRef', id: idOf(r.voids) }
      : r.objectAgent
        ? agent(r.objectAgent)
        : { objectType: 'Activity', id: r.objectActivity },
    ...(Object.keys(context).length > 0 && { context }),
    ...(attachment && { attachments: [attachment.metadata] }),
  };
}

/** State and Agent Profile documents: learner A's, and one of B's. */
interface Doc {
  key: string;
  kind: 'state' | 'agentProfile';
  learner: Learner;
  content: Record<string, unknown>;
}
const DOCS: readonly Doc[] = [
  { key: 'state:matrix-s1', kind: 'state', learner: 'A', content: { page: 1 } },
  { key: 'state:matrix-s2', kind: 'state', learner: 'A', content: { page: 2 } },
  { key: 'agentProfile:matrix-p1', kind: 'agentProfile', learner: 'A', content: { theme: 'dark' } },
  { key: 'state:matrix-sb', kind: 'state', learner: 'B', content: { page: 9 } },
];
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();
const docName = (d: Doc) => d.key.split(':')[1]!;
const learnerAgent = (l: Learner): AgentKey => (l === 'A' ? 'A.mbox' : 'B.mbox');

// ---------------------------------------------------------------------------------------------------------
// The principals (rows).

type Role = 'learner' | 'admin' | 'auditor' | 'consumer' | 'guardian';
type PolicyName = 'consent' | 'consent, never granted' | 'legitimate interest';
const POLICIES: Record<PolicyName, { basis: 'consent' | 'legitimate-interest'; prefix: string }> = {
  consent: { basis: 'consent', prefix: COURSE },
  'consent, never granted': { basis: 'consent', prefix: COURSE },
  'legitimate interest': { basis: 'legitimate-interest', prefix: COURSE },
};

interface Row {
  name: string;
  tenant: Tenant;
  person?: { roles: Role[]; learner?: Learner; policy?: PolicyName };
  credential?: { scopes: string[] };
}

const ROWS: readonly Row[] = [
  { name: 'learner A (self)', tenant: 'T1', person: { roles: ['learner'], learner: 'A' } },
  { name: 'learner B (other learner)', tenant: 'T1', person: { roles: ['learner'], learner: 'B' } },
  { name: 'admin', tenant: 'T1', person: { roles: ['admin'] } },
  { name: 'auditor', tenant: 'T1', person: { roles: ['auditor'] } },
  // Linked to learner B (docs/privacy-operations.md "Guardians and minors"): a guardian makes a minor's consent
  // choices, and reads nothing through the role or the link.
  { name: 'guardian of B', tenant: 'T1', person: { roles: ['guardian'] } },
  {
    name: 'consumer, consent policy, A granted',
    tenant: 'T1',
    person: { roles: ['consumer'], policy: 'consent' },
  },
  {
    name: 'consumer, consent policy, no grant',
    tenant: 'T1',
    person: { roles: ['consumer'], policy: 'consent, never granted' },
  },
  {
    name: 'consumer, legitimate-interest policy',
    tenant: 'T1',
    person: { roles: ['consumer'], policy: 'legitimate interest' },
  },
  { name: 'consumer, no policy', tenant: 'T1', person: { roles: ['consumer'] } },
  { name: 'statements/write', tenant: 'T1', credential: { scopes: ['statements/write'] } },
  { name: 'statements/read', tenant: 'T1', credential: { scopes: ['statements/read'] } },
  // It needs statements/write too, to have written something of its own.
  {
    name: 'statements/read/mine',
    tenant: 'T1',
    credential: { scopes: ['statements/write', 'statements/read/mine'] },
  },
  { name: 'all/read', tenant: 'T1', credential: { scopes: ['all/read'] } },
  { name: 'all', tenant: 'T1', credential: { scopes: ['all'] } },
  { name: 'state', tenant: 'T1', credential: { scopes: ['state'] } },
  { name: 'profile', tenant: 'T1', credential: { scopes: ['profile'] } },
  { name: 'define', tenant: 'T1', credential: { scopes: ['define'] } },
  { name: 'other tenant: all', tenant: 'T2', credential: { scopes: ['all'] } },
  { name: 'other tenant: admin', tenant: 'T2', person: { roles: ['admin'] } },
];
const row = (name: string) => ROWS.find((r) => r.name === name)!;

/** Grants (`A:consent`) and objections (`A:legitimate interest`) in force. */
interface World {
  grants: Set<string>;
  objections: Set<string>;
}
const world: World = { grants: new Set(['A:consent']), objections: new Set() };

// ---------------------------------------------------------------------------------------------------------
// The expectations: the access model, written out.

/** Which statements the row may read (voided ones included), or null when no rule lets it read any (403). */
function statementReader(r: Row, w: World): ((s: Rec) => boolean) | null {
  const rules: ((s: Rec) => boolean)[] = [];
  const scopes = r.credential?.scopes ?? [];
  if (scopes.some((s) => ['all', 'all/read', 'statements/read'].includes(s))) rules.push(() => true);
  else if (scopes.includes('statements/read/mine')) rules.push((s) => s.writer === r.name);
  const learner = r.person?.roles.includes('learner') ? r.person.learner : undefined;
  if (learner) rules.push((s) => subjectOf(s) === learner);
  const policyName = r.person?.policy;
  if (policyName) {
    const policy = POLICIES[policyName];
    rules.push(
      (s) =>
        s.objectActivity?.startsWith(policy.prefix) === true &&
        (policy.basis === 'consent'
          ? w.grants.has(`${subjectOf(s)}:${policyName}`)
          : !w.objections.has(`${subjectOf(s)}:${policyName}`)),
    );
  }
  if (rules.length === 0) return null;
  return (s) => s.tenant === r.tenant && rules.some((rule) => rule(s));
}

interface Filters {
  agent?: AgentKey;
  relatedAgents?: boolean;
  activity?: string;
  relatedActivities?: boolean;
  registration?: boolean;
  since?: boolean;
  until?: boolean;
}

/**
 * xAPI Communication §2.1.3: the statements a GET returns — not voided, readable, and matching; a statement
 * targeting another (StatementRef) matches the agent/activity/registration filters through its target when
 * the caller may read that target too (a voided target counts). `since`/`until` split the posts at the
 * instant between the first request and the others.
 */
function expectedList(r: Row, w: World, f: Filters = {}): Rec[] | null {
  const readable = statementReader(r, w);
  if (!readable) return null;
  const own = (s: Rec) =>
    (f.agent === undefined ||
      [s.actor, s.objectAgent, ...(f.relatedAgents ? [s.instructor] : [])].includes(f.agent)) &&
    (f.activity === undefined ||
      [s.objectActivity, ...(f.relatedActivities ? [s.parent] : [])].includes(f.activity)) &&
    (!f.registration || s.registration === true);
  const matches = (s: Rec): boolean => {
    if (own(s)) return true;
    const target = s.voids === undefined ? undefined : recByKey.get(s.voids)!;
    return target !== undefined && readable(target) && matches(target);
  };
  const filtered = f.agent !== undefined || f.activity !== undefined || f.registration === true;
  return RECS.filter(
    (s) =>
      !s.voided &&
      readable(s) &&
      (!filtered || matches(s)) &&
      (!f.since || s.post > 1) &&
      (!f.until || s.post === 1),
  );
}

/** The documents the row may read of that kind, or null (403) when no rule lets it read that kind. */
function documentReader(r: Row, kind: Doc['kind']): ((d: Doc) => boolean) | null {
  const scopes = r.credential?.scopes ?? [];
  const tenantWide =
    scopes.includes('all') ||
    scopes.includes('all/read') ||
    (kind === 'state' && scopes.includes('state')) ||
    (kind === 'agentProfile' && scopes.includes('profile'));
  if (tenantWide) return () => r.tenant === 'T1';
  const learner = r.person?.roles.includes('learner') ? r.person.learner : undefined;
  if (learner) return (d) => r.tenant === 'T1' && d.learner === learner;
  return null;
}

/**
 * The Agents resource for learner A's mbox: 403 without any statement-read rule; the linked identifiers when
 * the row may read learner A (is A, reads the whole tenant, or may read a statement about A); otherwise only
 * the asked identifier.
 */
function expectedPerson(r: Row, w: World): 403 | Record<string, unknown> {
  const readable = statementReader(r, w);
  if (!readable) return 403;
  const mayReadA = RECS.some((s) => s.tenant === 'T1' && subjectOf(s) === 'A' && readable(s));
  if (!mayReadA) return { objectType: 'Person', mbox: [AGENTS['A.mbox'].mbox] };
  return {
    objectType: 'Person',
    mbox: [AGENTS['A.mbox'].mbox],
    mbox_sha1sum: [createHash('sha1').update(AGENTS['A.mbox'].mbox).digest('hex')],
    account: [AGENTS['A.account'].account],
  };
}

/**
 * The records about a learner (DESIGN "Privacy operations"): the statements of which they are a data subject,
 * voided ones included (still records about them), the data of those statements' attachments, and their State
 * and Agent Profile documents. A person who is no learner has none.
 */
interface ExpectedExport {
  statements: string[];
  attachments: string[];
  documents: Doc[];
}
const exportOf = (learner: Learner | undefined): ExpectedExport => {
  const statements = RECS.filter((s) => s.tenant === 'T1' && subjectOf(s) === learner);
  return {
    statements: statements.map((s) => s.key),
    attachments: statements.flatMap((s) => (s.attachment ? [sha256Hex(s.attachment)] : [])),
    documents: DOCS.filter((d) => d.learner === learner),
  };
};

/** GET /api/v1/me/export: a signed-in person's own records; credentials are no person (403). */
function expectedMeExport(r: Row): 403 | ExpectedExport {
  if (!r.person) return 403;
  return exportOf(r.person.roles.includes('learner') ? r.person.learner : undefined);
}

/**
 * GET /api/v1/me/portable: a signed-in person's own statements, signed (docs/flows.md); a credential, or a person with
 * no linked identifier (no records are about them), gets 403.
 */
function expectedMePortable(r: Row): 403 | string[] {
  if (!r.person?.learner) return 403;
  const expected = expectedMeExport(r);
  return expected === 403 ? 403 : expected.statements;
}

/** GET /api/v1/people/<learner A>/export: admins of A's tenant only; another tenant's admin does not find A. */
function expectedPersonExport(r: Row): 403 | 404 | ExpectedExport {
  if (!r.person?.roles.includes('admin')) return 403;
  return r.tenant === 'T1' ? exportOf('A') : 404;
}

// ---------------------------------------------------------------------------------------------------------
// The cluster, the callers and the seed.

interface Response {
  status: number;
  headers: Headers;
  body: Buffer;
  json: unknown;
}
type Caller = (
  path: string,
  init?: {
    method?: string;
    body?: unknown;
    raw?: { body: Buffer; contentType: string };
    headers?: Record<string, string>;
  },
) => Promise<Response>;

let cluster: Cluster;
let people: PeopleFactory;
let credentials: CredentialFactory;
const callers = new Map<string, Caller>();
const caller = (r: Row) => callers.get(r.name)!;
let learnerAId: string;
let grantId: string;
let objectionId: string | undefined;
let policyIds: Record<PolicyName, string>;
/** The instant between the first POST request and the others. */
let between: string;
/** A `more` URL obtained by the `all` credential and one by learner A. */
let moreOfAll: string;
let moreOfLearnerA: string;

const callerWith =
  (authorization: string): Caller =>
  async (path, { method = 'GET', body, raw, headers = {} } = {}) => {
    const res = await fetch(`${cluster.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: authorization,
        'X-Experience-API-Version': '1.0.3',
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(raw && { 'Content-Type': raw.contentType }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      ...(raw && { body: raw.body }),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, body: bytes, json };
  };
const basic = (c: TestCredential) =>
  callerWith(`Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`);

async function signIn(tenantId: string, username: string, password: string): Promise<Caller> {
  const res = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: tenantId, username, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${username}: ${res.status} ${await res.text()}`);
  const { access_token: token } = (await res.json()) as { access_token: string };
  return callerWith(`Bearer ${token}`);
}

const expectStatus = (res: Response, status: number, what: string) =>
  expect(res.status, `${what}: ${res.body.toString('utf8').slice(0, 300)}`).toBe(status);

async function seed() {
  const tenants: Record<Tenant, string> = {
    T1: `matrix-${TAG}`,
    T2: `matrix-other-${TAG}`,
  };
  // Credentials and people side by side: each is mostly a scrypt hash.
  await Promise.all(
    ROWS.filter((x) => x.credential).map(async (r) => {
      callers.set(r.name, basic(await credentials.create(r.credential!.scopes, tenants[r.tenant])));
    }),
  );
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const linked: Record<Learner, Record<string, unknown>[]> = {
    A: [AGENTS['A.mbox'], AGENTS['A.account']],
    B: [AGENTS['B.mbox']],
  };
  const personIds = new Map<string, string>();
  await Promise.all(
    ROWS.map(async (r, i) => {
      if (!r.person) return;
      const username = `p${i}`;
      const { learner } = r.person;
      const created = await people.create(tenants[r.tenant], {
        username,
        password,
        roles: r.person.roles,
        agents: learner ? linked[learner] : [],
      });
      personIds.set(r.name, created.id);
      callers.set(r.name, await signIn(tenants[r.tenant], username, password));
    }),
  );
  learnerAId = personIds.get('learner A (self)')!;
  await people.update(tenants.T1, personIds.get('learner B (other learner)')!, {
    guardianIds: [personIds.get('guardian of B')!],
  });

  // Statements, in five requests; the `since`/`until` instant falls between the first and the rest.
  const writer = (w: Writer) => caller(row(w));
  const first = RECS.filter((s) => s.post === 1);
  const multipart = multipartStatements(
    first.map(statementOf),
    first.flatMap((s) => (s.attachment ? [{ data: s.attachment }] : [])),
  );
  expectStatus(await writer('all')('/xapi/statements', { method: 'POST', raw: multipart }), 200, 'post 1');
  await sleep(20);
  between = new Date().toISOString();
  await sleep(20);
  for (const post of [2, 3, 4, 5]) {
    const batch = RECS.filter((s) => s.post === post);
    const res = await writer(batch[0]!.writer)('/xapi/statements', {
      method: 'POST',
      body: batch.map(statementOf),
    });
    expectStatus(res, 200, `post ${post}`);
  }

  for (const d of DOCS) {
    const address =
      d.kind === 'state'
        ? `/xapi/activities/state?${query({ activityId: C1, agent: asked(learnerAgent(d.learner)), stateId: docName(d) })}`
        : `/xapi/agents/profile?${query({ agent: asked(learnerAgent(d.learner)), profileId: docName(d) })}`;
    // A new document: profiles require the precondition (Communication §3.1).
    const put = { method: 'PUT', body: d.content, headers: { 'If-None-Match': '*' } };
    expectStatus(await caller(row('all'))(address, put), 204, `PUT ${d.key}`);
  }

  // Policies (by the admin, each for one consumer), and learner A's grant of the consent one.
  const admin = caller(row('admin'));
  const created = {} as Record<PolicyName, string>;
  for (const r of ROWS.filter((x) => x.person?.policy)) {
    const name = r.person!.policy!;
    const res = await admin('/api/v1/policies', {
      method: 'POST',
      body: {
        grantee: { kind: 'person', id: personIds.get(r.name) },
        purpose: { code: 'matrix', text: `The authorization matrix: ${name}` },
        lawfulBasis: POLICIES[name].basis,
        scope: { activityPrefixes: [POLICIES[name].prefix] },
      },
    });
    expectStatus(res, 201, `policy ${name}`);
    created[name] = (res.json as { id: string }).id;
  }
  policyIds = created;
  const granted = await caller(row('learner A (self)'))('/api/v1/me/grants', {
    method: 'POST',
    body: { policyId: policyIds.consent },
  });
  expectStatus(granted, 201, 'grant');
  grantId = (granted.json as { record: { id: string } }).record.id;

  moreOfAll = (await readStatements(caller(row('all')), { limit: '1' })).more;
  moreOfLearnerA = (await readStatements(caller(row('learner A (self)')), { limit: '1' })).more;
  expect(moreOfAll).not.toBe('');
  expect(moreOfLearnerA).not.toBe('');
}

beforeAll(async () => {
  [cluster, people, credentials] = await Promise.all([
    startCluster({
      databaseUrl,
      natsUrl,
      env: {
        CUSTOS_PORTABLE_SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
    }),
    peopleFactory(databaseUrl),
    credentialFactory(databaseUrl),
  ]);
  // Two query processes share the queue group, so any read may be answered by either. The seed need not wait
  // for the second one.
  await Promise.all([cluster.addReplica('query'), seed()]);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await credentials?.close();
});

// ---------------------------------------------------------------------------------------------------------
// Reading.

interface Page {
  status: number;
  keys: string[];
  more: string;
  res: Response;
}

async function readStatements(call: Caller, params: Record<string, string> = {}): Promise<Page> {
  return pageOf(await call(`/xapi/statements?${query(params)}`));
}

function pageOf(res: Response): Page {
  const body = res.json as { statements?: { id: string }[]; more?: string } | undefined;
  return {
    status: res.status,
    keys: keysOf((body?.statements ?? []).map((s) => s.id)),
    more: body?.more ?? '',
    res,
  };
}

const sorted = (keys: readonly string[]) => [...keys].sort();
const keys = (recs: readonly Rec[]) => sorted(recs.map((s) => s.key));

/** One read path: what it asks and how its answer is checked against the model. */
interface Path {
  name: string;
  check: (r: Row, w: World) => Promise<void>;
}

/** A statement's request: a later request stored its statements later. */
const postOrder = (pageKeys: string[]) => pageKeys.map((k) => recByKey.get(k)?.post ?? -1);

/** A GET of statements: exactly the expected ones, newest first (oldest first with `ascending`), one page. */
const listPath = (name: string, params: () => Record<string, string>, filters: Filters = {}): Path => ({
  name,
  check: async (r, w) => {
    const expected = expectedList(r, w, filters);
    const page = await readStatements(caller(r), params());
    if (expected === null) return expectStatus(page.res, 403, name);
    expectStatus(page.res, 200, name);
    expect(sorted(page.keys)).toEqual(keys(expected));
    const order = postOrder(page.keys);
    expect(order).toEqual([...order].sort((a, b) => (params().ascending === 'true' ? a - b : b - a)));
    expect(page.more).toBe('');
  },
});

const PATHS: readonly Path[] = [
  listPath('GET statements', () => ({})),
  listPath('agent', () => ({ agent: asked('A.mbox') }), { agent: 'A.mbox' }),
  listPath('agent + related_agents', () => ({ agent: asked('A.mbox'), related_agents: 'true' }), {
    agent: 'A.mbox',
    relatedAgents: true,
  }),
  listPath('activity', () => ({ activity: C1 }), { activity: C1 }),
  listPath('activity + related_activities', () => ({ activity: C1, related_activities: 'true' }), {
    activity: C1,
    relatedActivities: true,
  }),
  listPath('registration', () => ({ registration: REGISTRATION }), { registration: true }),
  listPath('since', () => ({ since: between }), { since: true }),
  listPath('until', () => ({ until: between }), { until: true }),
  listPath('format=ids', () => ({ format: 'ids' })),
  listPath('ascending=true', () => ({ ascending: 'true' })),
  {
    name: 'attachments=true',
    check: async (r, w) => {
      const expected = expectedList(r, w);
      const res = await caller(r)('/xapi/statements?attachments=true');
      if (expected === null) return expectStatus(res, 403, 'attachments');
      expectStatus(res, 200, 'attachments');
      const [json, ...parts] = readMultipart(res.headers.get('content-type') ?? '', res.body);
      const body = JSON.parse(json!.body.toString('utf8')) as { statements: { id: string }[] };
      expect(sorted(keysOf(body.statements.map((s) => s.id)))).toEqual(keys(expected));
      const hashes = parts.map((p) => p.headers['x-experience-api-hash']);
      expect(sorted(hashes as string[])).toEqual(
        sorted(expected.flatMap((s) => (s.attachment ? [sha256Hex(s.attachment)] : []))),
      );
      for (const p of parts) expect(sha256Hex(p.body)).toBe(p.headers['x-experience-api-hash']);
    },
  },
  {
    name: 'limit=1, following every more URL',
    check: async (r, w) => {
      const expected = expectedList(r, w);
      let page = await readStatements(caller(r), { limit: '1' });
      if (expected === null) return expectStatus(page.res, 403, 'paging');
      const seen: string[] = [];
      let pages = 0;
      for (;;) {
        expectStatus(page.res, 200, `page ${pages + 1}`);
        pages += 1;
        expect(page.keys.length).toBeLessThanOrEqual(1);
        seen.push(...page.keys);
        if (!page.more || pages > RECS.length) break;
        page = pageOf(await caller(r)(page.more));
      }
      expect(sorted(seen)).toEqual(keys(expected)); // no duplicates, nothing else
      expect(pages).toBe(Math.max(expected.length, 1)); // no extra pages
    },
  },
  {
    name: "another principal's more URL",
    check: async (r) => {
      // Cursors are bound to the principal that received them: anyone else gets 404 and nothing.
      const more = r.name === 'all' ? moreOfLearnerA : moreOfAll;
      const res = await caller(r)(more);
      expectStatus(res, 404, 'foreign more');
      expect((res.json as { statements?: unknown } | undefined)?.statements).toBeUndefined();
    },
  },
  {
    name: 'statementId (every statement)',
    check: async (r, w) => {
      const readable = statementReader(r, w);
      const answers = await Promise.all(
        RECS.map(async (s) => {
          const res = await caller(r)(`/xapi/statements?statementId=${idOf(s.key)}`);
          const got = res.status === 200 ? keysOf([(res.json as { id: string }).id])[0] : undefined;
          return { key: s.key, status: res.status, got };
        }),
      );
      const expected = RECS.map((s) => {
        if (!readable) return { key: s.key, status: 403, got: undefined };
        const ok = s.voided !== true && readable(s);
        return { key: s.key, status: ok ? 200 : 404, got: ok ? s.key : undefined };
      });
      expect(answers).toEqual(expected);
    },
  },
  {
    name: 'voidedStatementId (the voided statement, and one that is not)',
    check: async (r, w) => {
      const readable = statementReader(r, w);
      const answers = await Promise.all(
        ['a5', 'a1'].map(async (key) => {
          const res = await caller(r)(`/xapi/statements?voidedStatementId=${idOf(key)}`);
          const got = res.status === 200 ? keysOf([(res.json as { id: string }).id])[0] : undefined;
          return { key, status: res.status, got };
        }),
      );
      const expected = ['a5', 'a1'].map((key) => {
        const s = recByKey.get(key)!;
        if (!readable) return { key, status: 403, got: undefined };
        const ok = s.voided === true && readable(s);
        return { key, status: ok ? 200 : 404, got: ok ? key : undefined };
      });
      expect(answers).toEqual(expected);
    },
  },
  ...(['state', 'agentProfile'] as const).flatMap((kind): Path[] => {
    const base = kind === 'state' ? '/xapi/activities/state' : '/xapi/agents/profile';
    const idParam = kind === 'state' ? 'stateId' : 'profileId';
    const addressOfA = () => ({ ...(kind === 'state' && { activityId: C1 }), agent: asked('A.mbox') });
    const docsOfA = DOCS.filter((d) => d.kind === kind && d.learner === 'A');
    return [
      {
        name: `${kind} document of A`,
        check: async (r) => {
          const readable = documentReader(r, kind);
          const d = docsOfA[0]!;
          const res = await caller(r)(`${base}?${query({ ...addressOfA(), [idParam]: docName(d) })}`);
          if (!readable) return expectStatus(res, 403, d.key);
          if (!readable(d)) return expectStatus(res, 404, d.key);
          expectStatus(res, 200, d.key);
          expect(res.json).toEqual(d.content);
        },
      },
      {
        name: `${kind} ids of A`,
        check: async (r) => {
          const readable = documentReader(r, kind);
          const res = await caller(r)(`${base}?${query(addressOfA())}`);
          if (!readable) return expectStatus(res, 403, `${kind} ids`);
          expectStatus(res, 200, `${kind} ids`);
          expect(sorted(res.json as string[])).toEqual(sorted(docsOfA.filter(readable).map(docName)));
        },
      },
    ];
  }),
  {
    name: 'Agents resource for A',
    check: async (r, w) => {
      const expected = expectedPerson(r, w);
      const res = await caller(r)(`/xapi/agents?${query({ agent: asked('A.mbox') })}`);
      if (expected === 403) return expectStatus(res, 403, 'agents');
      expectStatus(res, 200, 'agents');
      expect(res.json).toEqual(expected);
    },
  },
  {
    name: 'GET /api/v1/me/export',
    check: async (r) => checkExport(await caller(r)('/api/v1/me/export'), expectedMeExport(r)),
  },
  {
    name: 'GET /api/v1/me/portable',
    check: async (r) => {
      const expected = expectedMePortable(r);
      const res = await caller(r)('/api/v1/me/portable');
      if (expected === 403) return expectStatus(res, 403, 'portable');
      expectStatus(res, 200, 'portable');
      const { payload } = res.json as { payload: string };
      const content = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        statements: { id: string }[];
      };
      expect(sorted(keysOf(content.statements.map((st) => st.id)))).toEqual(sorted(expected));
    },
  },
  {
    name: 'GET /api/v1/people/<A>/export',
    check: async (r) =>
      checkExport(await caller(r)(`/api/v1/people/${learnerAId}/export`), expectedPersonExport(r)),
  },
];

interface ExportLine {
  type: string;
  statement?: { id: string };
  attachment?: { sha2: string };
  document?: { kind: string; stateId?: string; profileId?: string; content: unknown };
  statements?: number;
  attachments?: number;
  documents?: number;
}

function checkExport(res: Response, expected: 403 | 404 | ExpectedExport) {
  if (expected === 403 || expected === 404) return expectStatus(res, expected, 'export');
  expectStatus(res, 200, 'export');
  expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  const lines = res.body
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ExportLine);
  const of = (type: string) => lines.filter((l) => l.type === type);
  expect(sorted(keysOf(of('statement').map((l) => l.statement!.id)))).toEqual(sorted(expected.statements));
  expect(sorted(of('attachment').map((l) => l.attachment!.sha2))).toEqual(sorted(expected.attachments));
  const documents = of('document').map((l) => ({
    key: `${l.document!.kind}:${l.document!.stateId ?? l.document!.profileId}`,
    content: l.document!.content,
  }));
  expect(documents.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
    expected.documents
      .map((d) => ({ key: d.key, content: d.content }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  );
  // The last line says the export is complete, with the counts.
  const end = lines.at(-1) as unknown as Record<string, unknown>;
  expect(end).toMatchObject({
    type: 'end',
    statements: expected.statements.length,
    attachments: expected.attachments.length,
    documents: expected.documents.length,
  });
  // A person's own export is their subject-access answer (docs/privacy-operations.md): after the records, who may
  // read them, their consent receipts and their access log, each counted on the end line and nothing else there.
  const answerLines = { accessRules: 'access-rule', receipts: 'receipt', accessLog: 'access' } as const;
  for (const key of Object.keys(end)) {
    expect(['type', 'statements', 'attachments', 'documents', ...Object.keys(answerLines)]).toContain(key);
  }
  for (const [key, type] of Object.entries(answerLines)) {
    if (key in end) expect(end[key], key).toBe(of(type).length);
  }
}

/**
 * Every path for one row, each its own test so a failing cell is named. The cells of a row only read, so they
 * run side by side (the world changes only between rows).
 */
const matrixRow = (r: Row, label = r.name) => {
  describe.concurrent(label, () => {
    for (const path of PATHS) it(path.name, () => path.check(r, world));
  });
};

// ---------------------------------------------------------------------------------------------------------

describe('the authorization matrix as seeded', () => {
  for (const r of ROWS) matrixRow(r);
});

/** Reads `n` times right after a change; each read sees learner A's statement a1 or not, as expected. */
async function nextReads(r: Row, n: number, seesA1: boolean) {
  for (let i = 0; i < n; i += 1) {
    const list = await readStatements(caller(r));
    expectStatus(list.res, 200, `read ${i + 1}`);
    expect(list.keys.includes('a1'), `list read ${i + 1}`).toBe(seesA1);
    const one = await caller(r)(`/xapi/statements?statementId=${idOf('a1')}`);
    expect(one.status, `statementId read ${i + 1}`).toBe(seesA1 ? 200 : 404);
  }
}

// 12 list reads and 12 statementId reads: with two query processes in one queue group, the chance that
// one process served all 24 is 2^-23, so both are exercised.
const READS_AFTER_CHANGE = 12;

describe('after learner A revokes the grant', () => {
  const consumer = row('consumer, consent policy, A granted');
  it('applies to the very next read, whichever query process serves it', async () => {
    await nextReads(consumer, 1, true);
    const res = await caller(row('learner A (self)'))(`/api/v1/me/grants/${grantId}`, { method: 'DELETE' });
    expectStatus(res, 200, 'revoke');
    world.grants.delete('A:consent');
    await nextReads(consumer, READS_AFTER_CHANGE, false);
  });
  matrixRow(consumer, 'consumer, consent policy, after revocation');
});

describe('after learner A objects to the legitimate-interest policy', () => {
  const consumer = row('consumer, legitimate-interest policy');
  it('applies to the very next read, whichever query process serves it', async () => {
    await nextReads(consumer, 1, true);
    const res = await caller(row('learner A (self)'))('/api/v1/me/objections', {
      method: 'POST',
      body: { policyId: policyIds['legitimate interest'] },
    });
    expectStatus(res, 201, 'object');
    objectionId = (res.json as { record: { id: string } }).record.id;
    world.objections.add('A:legitimate interest');
    await nextReads(consumer, READS_AFTER_CHANGE, false);
  });
  matrixRow(consumer, 'consumer, legitimate-interest policy, after objection');
});

describe('after learner A withdraws the objection', () => {
  const consumer = row('consumer, legitimate-interest policy');
  it('restores access on the very next read, whichever query process serves it', async () => {
    const res = await caller(row('learner A (self)'))(`/api/v1/me/objections/${objectionId}`, {
      method: 'DELETE',
    });
    expectStatus(res, 200, 'withdraw');
    world.objections.delete('A:legitimate interest');
    await nextReads(consumer, READS_AFTER_CHANGE, true);
  });
  matrixRow(consumer, 'consumer, legitimate-interest policy, after withdrawal');
});
