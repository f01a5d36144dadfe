// The fuzz inputs: one fast-check arbitrary per category of HTTP request a hostile or broken client
// could send to Custos — statements breaking Data rules, statement queries, headers, multipart bodies,
// documents, /api/v1 bodies, logins and Basic headers, the 1.0.3 alternate request syntax — with
// valid requests mixed in so the paths behind validation are reached too.
import { createHash } from 'node:crypto';

import fc from 'fast-check';

import {
  activity,
  agent,
  hostileValue,
  LEARNER_MBOX,
  mutate,
  mutation,
  timestamp,
  toJson,
  validIri,
  validStatement,
  validUuid,
} from './values.js';

/** What a 2xx answer to a request stored, so the run can tell stored rows from refused input. */
export type Stores =
  | { kind: 'statements' }
  | { kind: 'statement'; id: string }
  | { kind: 'document'; id: string }
  | { kind: 'attachments'; sha2s: string[]; then: Stores }
  | { kind: 'person' | 'group' | 'policy' }
  | { kind: 'grant' | 'objection' };

export interface FuzzRequest {
  category: Category;
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  stores?: Stores;
}

/** Authorization header values of the principals the run set up (see setup.ts). */
export interface FuzzContext {
  auth: {
    /** Scope `all` in the fuzzed tenant. */
    all: string;
    /** `statements/write` only. */
    write: string;
    /** `statements/read/mine` and `statements/write`. */
    mine: string;
    /** `state`, `profile`, `define`. */
    documents: string;
    /** Scope `all` in another tenant. */
    otherTenant: string;
    /** A person with the admin and auditor roles (Bearer). */
    admin: string;
    /** A person with the learner role, linked to LEARNER_MBOX (Bearer). */
    learner: string;
  };
  tenant: string;
  /** Usernames and password of the two people, for valid logins. */
  logins: { username: string; password: string }[];
  /** A person, a group and a consent policy made at set-up, so /api/v1 ids can name real things. */
  personId: string;
  groupId: string;
  policyId: string;
}

export const CATEGORIES = [
  'statements-invalid',
  'statements-valid',
  'statements-raw',
  'statements-query',
  'headers',
  'login-basic',
  'multipart',
  'documents',
  'api-v1',
  'alternate-syntax',
  'resources',
] as const;
export type Category = (typeof CATEGORIES)[number];

const VERSION = 'X-Experience-API-Version';
const json = (value: unknown): Buffer => Buffer.from(toJson(value), 'utf8');
const query = (params: [string, string][]): string =>
  params.length === 0 ? '' : `?${new URLSearchParams(params).toString()}`;
/** A path segment; lone surrogates become U+FFFD, as URLSearchParams does for the query. */
const pathSegment = (s: string): string =>
  encodeURIComponent(
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
const basic = (raw: Buffer): string => `Basic ${raw.toString('base64')}`;

const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
const version = pick('1.0.3', '1.0.3', '2.0.0', '2.0.0', '1.0.0', '1.0.1');

/** A string for a parameter or a field: valid-looking, rule-breaking or hostile. */
const anyText: fc.Arbitrary<string> = fc.oneof(
  validIri,
  validUuid,
  timestamp,
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  hostileValue.map((v) => (typeof v === 'string' ? v : toJson(v))),
);

const writers = (ctx: FuzzContext) =>
  pick(ctx.auth.all, ctx.auth.all, ctx.auth.write, ctx.auth.mine, ctx.auth.learner, ctx.auth.otherTenant);

// --- statements -------------------------------------------------------------------------------------

function statementWrite(
  category: Category,
  ctx: FuzzContext,
  body: fc.Arbitrary<{ body: unknown; id?: string }>,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({ b: body, put: fc.boolean(), auth: writers(ctx), v: version })
    .map(({ b, put, auth, v }) => {
      const single = !Array.isArray(b.body);
      const id = b.id ?? '';
      const usePut = put && single && id !== '';
      return {
        category,
        method: usePut ? 'PUT' : 'POST',
        path: `/xapi/statements${usePut ? query([['statementId', id]]) : ''}`,
        headers: { Authorization: auth, [VERSION]: v, 'Content-Type': 'application/json' },
        body: json(b.body),
        stores: usePut ? { kind: 'statement', id } : { kind: 'statements' },
      };
    });
}

const statementsValid = (ctx: FuzzContext) =>
  statementWrite(
    'statements-valid',
    ctx,
    fc.oneof(
      validStatement.map((s) => ({ body: s, id: s.id })),
      fc.array(validStatement, { minLength: 1, maxLength: 5 }).map((b) => ({ body: b })),
    ),
  );

/** Valid statements with one to three properties broken (Data §2.4 rules), alone or in a batch. */
const statementsInvalid = (ctx: FuzzContext) =>
  statementWrite(
    'statements-invalid',
    ctx,
    fc
      .tuple(
        validStatement,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        // Mostly alone; sometimes in a batch behind valid ones (the batch must fail as a whole).
        fc.oneof(
          { weight: 4, arbitrary: fc.constant([]) },
          { weight: 1, arbitrary: fc.array(validStatement, { minLength: 1, maxLength: 2 }) },
        ),
      )
      .map(([s, mutations, others]) => {
        const broken = mutate(s, mutations);
        return others.length === 0 ? { body: broken, id: s.id } : { body: [...others, broken] };
      }),
  );

/** Bodies that are not a statement at all, or not JSON. */
const rawBodies: fc.Arbitrary<Buffer> = fc.oneof(
  pick('', '{', '[', 'null', '1', '"x"', '[]', '{}', '[{}]', '[[]]', 'true', '{"actor":', '\ufeff{}').map(
    (s) => Buffer.from(s),
  ),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  validStatement.map((s) => Buffer.concat([Buffer.from('\ufeff'), json(s)])),
  // Invalid UTF-8 inside a JSON string, and a duplicate key.
  validStatement.map((s) =>
    Buffer.concat([
      Buffer.from(toJson(s).slice(0, -1) + ',"x":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ]),
  ),
  validStatement.map((s) => Buffer.from(toJson(s).slice(0, -1) + `,"actor":${toJson(s.actor)}}`)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  // A large batch, rarely: the per-batch paths (dedup, equivalence) under load.
  fc
    .nat({ max: 199 })
    .chain((n) =>
      n === 0
        ? fc.array(validStatement, { minLength: 200, maxLength: 600 }).map((b) => json(b))
        : pick(Buffer.from('[]')),
    ),
);

const statementsRaw = (ctx: FuzzContext) =>
  fc
    .record({ body: rawBodies, auth: writers(ctx), v: version, ct: contentType })
    .map(({ body, auth, v, ct }): FuzzRequest => ({
      category: 'statements-raw',
      method: 'POST',
      path: '/xapi/statements',
      headers: { Authorization: auth, [VERSION]: v, ...(ct !== undefined && { 'Content-Type': ct }) },
      body,
      stores: { kind: 'statements' },
    }));

// --- statement queries (Communication §2.1.3) -------------------------------------------------------

const agentParam = fc.oneof(
  agent.map((a) => toJson(a)),
  pick(toJson({ mbox: LEARNER_MBOX }), '{', '{}', '[]', 'null', 'mailto:ann@example.org', '{"mbox":"ann"}'),
  hostileValue.map((v) => toJson({ mbox: v })),
  hostileValue.map((v) => toJson(v)),
  fc.array(agent, { minLength: 2, maxLength: 3 }).map((m) => toJson({ objectType: 'Group', member: m })),
);
const limit = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map(String),
  pick('-1', '1e3', '0x10', '1.5', 'abc', '', ' 5', '99999999999999999999', '1000000'),
);
const boolParam = pick('true', 'false', 'TRUE', '1', '', 'yes');
const queryParam: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(pick('statementId', 'voidedStatementId', 'registration'), fc.oneof(validUuid, anyText)),
  fc.tuple(fc.constant('agent'), agentParam),
  fc.tuple(pick('verb', 'activity'), fc.oneof(validIri, anyText)),
  fc.tuple(pick('since', 'until'), fc.oneof(timestamp, anyText)),
  fc.tuple(fc.constant('limit'), limit),
  fc.tuple(fc.constant('format'), pick('ids', 'exact', 'canonical', 'IDS', '', 'xml')),
  fc.tuple(pick('related_activities', 'related_agents', 'ascending', 'attachments'), boolParam),
  fc.tuple(fc.constant('more'), anyText),
  fc.tuple(fc.string({ maxLength: 12 }), anyText),
);

const statementsQuery = (ctx: FuzzContext) =>
  fc
    .record({
      params: fc.array(queryParam, { maxLength: 6 }),
      auth: pick(
        ctx.auth.all,
        ctx.auth.mine,
        ctx.auth.write,
        ctx.auth.learner,
        ctx.auth.admin,
        ctx.auth.otherTenant,
      ),
      v: version,
      head: fc.nat({ max: 9 }),
      lang: fc.option(pick('en-US', 'es;q=0.5, *', '*', 'zz-ZZ, x;q=abc', ',,,'), { nil: undefined }),
    })
    .map(({ params, auth, v, head, lang }): FuzzRequest => ({
      category: 'statements-query',
      method: head === 0 ? 'HEAD' : 'GET',
      path: `/xapi/statements${query(params)}`,
      headers: { Authorization: auth, [VERSION]: v, ...(lang !== undefined && { 'Accept-Language': lang }) },
    }));

// --- headers --------------------------------------------------------------------------------------------

/** Header values fetch sends as they are: printable ASCII (odd bytes go base64-encoded in Basic). */
const headerText = fc
  .oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary-ascii', maxLength: 40 }))
  .map((s) => s.replace(/[^\t\x20-\x7e]/g, '').trim());

const versionHeader = fc.option(
  fc.oneof(
    pick(
      '1.0.3',
      '2.0.0',
      '1.0',
      '1.0.4',
      '2.0',
      '2.0.1',
      '0.95',
      '1.0.3, 2.0.0',
      'v1.0.3',
      '1.0.3-rc',
      '  ',
    ),
    headerText,
  ),
  { nil: undefined },
);
const contentType = fc.option(
  fc.oneof(
    pick(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'text/plain',
      'multipart/mixed',
      'multipart/mixed; boundary=',
      'multipart/mixed; boundary="unterminated',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      ';;;',
      'application/json; boundary=x',
    ),
    headerText,
  ),
  { nil: undefined },
);
const oddBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc
    .tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }))
    .map(([k, s]) => Buffer.from(`${k}:${s}`, 'utf8')),
  pick(':', '::', 'key', ':secret', 'a\u0000:b', 'fuzz-all\u0000:x', '\u0000:\u0000').map((s) =>
    Buffer.from(s),
  ),
  fc
    .uint8Array({ minLength: 1, maxLength: 20 })
    .map((a) => Buffer.concat([Buffer.from('fuzz-all:'), Buffer.from(a)])),
);
const authorization = (ctx: FuzzContext) =>
  fc.option(
    fc.oneof(
      pick(ctx.auth.all, ctx.auth.learner, ctx.auth.write),
      oddBytes.map(basic),
      headerText,
      pick(
        'Basic',
        'Basic ',
        'Basic ====',
        'Basic !!!',
        'basic Zm9vOmJhcg==',
        'Bearer',
        'Bearer x',
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
        'Bearer eyJhbGciOiJFZERTQSJ9.e30.AAAA',
        'Digest username="x"',
        `${ctx.auth.all}, ${ctx.auth.learner}`,
      ),
      headerText.map((t) => `Bearer ${t}`),
      fc.base64String({ maxLength: 2000 }).map((t) => `Bearer ${t}`),
    ),
    { nil: undefined },
  );

const headerTargets = pick<[string, string]>(
  ['GET', '/xapi/statements'],
  ['POST', '/xapi/statements'],
  ['PUT', '/xapi/statements?statementId=8f0b1c2a-3d4e-4f50-8a6b-7c8d9e0f1a2b'],
  ['GET', '/xapi/about'],
  ['GET', '/xapi/activities?activityId=http%3A%2F%2Fexample.org%2Fa'],
  [
    'PUT',
    `/xapi/activities/state?activityId=http%3A%2F%2Fexample.org%2Fa&agent=${encodeURIComponent(toJson({ mbox: LEARNER_MBOX }))}&stateId=s`,
  ],
  ['GET', '/api/v1/me'],
  ['POST', '/api/v1/policies'],
  ['OPTIONS', '/xapi/statements'],
);

const headers = (ctx: FuzzContext) =>
  fc
    .record({
      target: headerTargets,
      v: versionHeader,
      ct: contentType,
      auth: authorization(ctx),
      ifMatch: fc.option(pick('*', '"abc"', 'W/"abc"', '', '"', '*, "x"'), { nil: undefined }),
      extra: fc.option(fc.tuple(pick('X-Request-Id', 'Accept', 'Origin', 'Content-Encoding'), headerText), {
        nil: undefined,
      }),
      body: fc.oneof(
        validStatement.map((s) => json(s)),
        rawBodies,
      ),
    })
    .map(({ target: [method, path], v, ct, auth, ifMatch, extra, body }): FuzzRequest => {
      const h: Record<string, string> = {};
      if (auth !== undefined) h.Authorization = auth;
      if (v !== undefined) h[VERSION] = v;
      if (ct !== undefined) h['Content-Type'] = ct;
      if (ifMatch !== undefined) h['If-Match'] = ifMatch;
      if (extra) h[extra[0]] = extra[1];
      const withBody = method === 'POST' || method === 'PUT';
      const stores: Stores | undefined = path.startsWith('/xapi/statements')
        ? method === 'PUT'
          ? { kind: 'statement', id: '8f0b1c2a-3d4e-4f50-8a6b-7c8d9e0f1a2b' }
          : { kind: 'statements' }
        : path.startsWith('/xapi/activities/state')
          ? { kind: 'document', id: 's' }
          : path === '/api/v1/policies'
            ? { kind: 'policy' }
            : undefined;
      return { category: 'headers', method, path, headers: h, ...(withBody && { body, stores }) };
    });

// --- logins and Basic credentials -------------------------------------------------------------------------

const loginBody = (ctx: FuzzContext) =>
  fc.oneof(
    fc
      .record({
        login: pick(...ctx.logins),
        field: pick('tenant', 'username', 'password', 'none'),
        value: hostileValue,
      })
      .map(({ login, field, value }) => {
        const body: Record<string, unknown> = { tenant: ctx.tenant, ...login };
        if (field !== 'none') body[field] = value;
        return json(body);
      }),
    fc.record({ tenant: anyText, username: anyText, password: anyText }).map((b) => json(b)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => json(v)),
    rawBodies,
  );

const loginBasic = (ctx: FuzzContext) =>
  fc.oneof(
    fc.record({ body: loginBody(ctx), ct: contentType }).map(({ body, ct }): FuzzRequest => ({
      category: 'login-basic',
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'Content-Type': ct ?? 'application/json' },
      body,
    })),
    fc
      .record({ raw: oddBytes, path: pick('/xapi/statements', '/api/v1/me', '/xapi/activities/state') })
      .map(({ raw, path }): FuzzRequest => ({
        category: 'login-basic',
        method: 'GET',
        path,
        headers: { Authorization: basic(raw), [VERSION]: '1.0.3' },
      })),
  );

// --- multipart/mixed (Communication §1.5.2) -----------------------------------------------------------------

interface Part {
  headers: string[];
  body: Buffer;
}
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const multipart = (ctx: FuzzContext) =>
  fc
    .record({
      statement: validStatement,
      datas: fc.array(
        fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
        { minLength: 1, maxLength: 3 },
      ),
      boundary: fc.oneof(
        pick('fuzz-boundary', 'b', '"quoted boundary"', 'x'.repeat(71)),
        fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/),
      ),
      flaw: pick(
        'none',
        'none',
        'wrong-hash',
        'missing-part',
        'extra-part',
        'no-hash-header',
        'bad-hash-header',
        'first-not-json',
        'boundary-mismatch',
        'no-closing',
        'no-crlf',
        'base64-encoding',
        'empty',
        'broken-statement',
        'sha512',
      ),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 2 }),
      auth: writers(ctx),
      v: version,
    })
    .map(({ statement, datas, boundary, flaw, mutations, auth, v }): FuzzRequest => {
      const bare = boundary.replace(/^"|"$/g, '');
      const attachments = datas.map((d, i) => ({
        usageType: `https://example.org/usage/${i}`,
        display: { en: `part ${i}` },
        contentType: 'application/octet-stream',
        length: d.length,
        sha2: flaw === 'sha512' ? createHash('sha512').update(d).digest('hex') : sha256(d),
      }));
      let body: unknown = { ...statement, attachments };
      if (flaw === 'broken-statement') body = mutate(body, mutations);
      const parts: Part[] = [{ headers: ['Content-Type: application/json'], body: json(body) }];
      datas.forEach((d, i) => {
        const hash = attachments[i]!.sha2;
        parts.push({
          headers: [
            'Content-Type: application/octet-stream',
            ...(flaw === 'no-hash-header'
              ? []
              : [`X-Experience-API-Hash: ${flaw === 'bad-hash-header' ? 'zz' : hash}`]),
            'Content-Transfer-Encoding: binary',
            ...(flaw === 'base64-encoding' ? ['Content-Transfer-Encoding: base64'] : []),
          ],
          body: flaw === 'wrong-hash' ? Buffer.concat([d, Buffer.from('x')]) : d,
        });
      });
      if (flaw === 'missing-part') parts.pop();
      if (flaw === 'extra-part') {
        parts.push({
          headers: [`X-Experience-API-Hash: ${sha256(Buffer.from('extra'))}`],
          body: Buffer.from('extra'),
        });
      }
      if (flaw === 'first-not-json') parts[0]!.headers = ['Content-Type: text/plain'];
      const eol = flaw === 'no-crlf' ? '\n' : '\r\n';
      const chunks: Buffer[] = [];
      for (const p of parts) {
        chunks.push(
          Buffer.from(`--${bare}${eol}${p.headers.join(eol)}${eol}${eol}`),
          p.body,
          Buffer.from(eol),
        );
      }
      if (flaw !== 'no-closing') chunks.push(Buffer.from(`--${bare}--${eol}`));
      const declared = flaw === 'boundary-mismatch' ? `${bare}-other` : boundary;
      return {
        category: 'multipart',
        method: 'POST',
        path: '/xapi/statements',
        headers: {
          Authorization: auth,
          [VERSION]: v,
          'Content-Type': `multipart/mixed; boundary=${declared}`,
        },
        body: flaw === 'empty' ? Buffer.alloc(0) : Buffer.concat(chunks),
        stores: { kind: 'attachments', sha2s: attachments.map((a) => a.sha2), then: { kind: 'statements' } },
      };
    });

// --- documents (Communication §2.3, §2.6, §2.7) -------------------------------------------------------------

const DOCUMENT_PATHS = {
  state: '/xapi/activities/state',
  activityProfile: '/xapi/activities/profile',
  agentProfile: '/xapi/agents/profile',
} as const;

const documentId = fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,12}$/), anyText, pick('', ' ', '%00', '..', '/'));
const documentBody = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((o) => ({
    ct: 'application/json',
    body: json(o),
  })),
  hostileValue.map((v) => ({ ct: 'application/json', body: json(v) })),
  fc.uint8Array({ maxLength: 300 }).map((a) => ({ ct: 'application/octet-stream', body: Buffer.from(a) })),
  rawBodies.map((b) => ({ ct: 'application/json', body: b })),
  fc.string({ maxLength: 100 }).map((s) => ({ ct: 'text/plain', body: Buffer.from(s) })),
);

const documents = (ctx: FuzzContext) =>
  fc
    .record({
      kind: pick<keyof typeof DOCUMENT_PATHS>('state', 'activityProfile', 'agentProfile'),
      method: pick('GET', 'PUT', 'PUT', 'POST', 'POST', 'DELETE', 'HEAD'),
      activityId: fc.option(fc.oneof(validIri, validIri, anyText), { nil: undefined }),
      agent: fc.option(agentParam, { nil: undefined }),
      registration: fc.option(fc.oneof(validUuid, anyText), { nil: undefined }),
      id: fc.option(documentId, { nil: undefined }),
      since: fc.option(fc.oneof(timestamp, anyText), { nil: undefined }),
      bogus: fc.option(fc.tuple(fc.string({ maxLength: 8 }), anyText), { nil: undefined }),
      content: documentBody,
      ifMatch: fc.option(pick('*', '"abc"', 'W/"x"', '"0000000000000000000000000000000000000000"', ''), {
        nil: undefined,
      }),
      ifNoneMatch: fc.option(pick('*', '"abc"', ''), { nil: undefined }),
      auth: pick(ctx.auth.all, ctx.auth.documents, ctx.auth.learner, ctx.auth.write, ctx.auth.otherTenant),
      v: version,
    })
    .map((d): FuzzRequest => {
      const idName = d.kind === 'state' ? 'stateId' : 'profileId';
      const params: [string, string][] = [];
      if (d.activityId !== undefined) params.push(['activityId', d.activityId]);
      if (d.agent !== undefined) params.push(['agent', d.agent]);
      if (d.registration !== undefined) params.push(['registration', d.registration]);
      if (d.id !== undefined) params.push([idName, d.id]);
      if (d.since !== undefined) params.push(['since', d.since]);
      if (d.bogus) params.push(d.bogus);
      const writes = d.method === 'PUT' || d.method === 'POST';
      const h: Record<string, string> = { Authorization: d.auth, [VERSION]: d.v };
      if (writes) h['Content-Type'] = d.content.ct;
      if (d.ifMatch !== undefined) h['If-Match'] = d.ifMatch;
      if (d.ifNoneMatch !== undefined) h['If-None-Match'] = d.ifNoneMatch;
      return {
        category: 'documents',
        method: d.method,
        path: `${DOCUMENT_PATHS[d.kind]}${query(params)}`,
        headers: h,
        ...(writes && { body: d.content.body, stores: { kind: 'document', id: d.id ?? '' } }),
      };
    });

// --- /api/v1 ---------------------------------------------------------------------------------------------------

const scope = fc.record(
  {
    activityPrefixes: fc.array(validIri, { minLength: 1, maxLength: 2 }),
    verbs: fc.array(validIri, { minLength: 1, maxLength: 2 }),
    registrations: fc.array(validUuid, { minLength: 1, maxLength: 2 }),
    storedFrom: timestamp,
    contextActivities: fc.record({ parent: fc.array(validIri, { minLength: 1, maxLength: 2 }) }),
  },
  { requiredKeys: [] },
);
const policyBody = fc.record({
  grantee: fc.oneof(
    pick('consumer', 'auditor', 'learner').map((id) => ({ kind: 'role', id })),
    validUuid.map((id) => ({ kind: 'person', id })),
  ),
  purpose: fc.record({
    code: fc.stringMatching(/^[a-z0-9.-]{1,20}$/),
    text: fc.string({ minLength: 1, maxLength: 40 }),
  }),
  lawfulBasis: pick('consent', 'legitimate-interest', 'contract', 'public-task', 'legal-obligation'),
  scope,
  redactFields: fc.subarray(['result.score', 'result.response', 'context.platform', 'context.instructor']),
});
const personBody = fc.record(
  {
    username: fc.stringMatching(/^[a-z0-9._-]{1,20}$/),
    password: fc.string({ minLength: 8, maxLength: 20 }),
    displayName: fc.string({ minLength: 1, maxLength: 30 }),
    externalSubject: fc.string({ minLength: 1, maxLength: 20 }),
    roles: fc.subarray(['learner', 'consumer', 'auditor']),
    agents: fc.array(agent, { maxLength: 2 }),
  },
  { requiredKeys: ['username'] },
);

interface ApiShape {
  method: string;
  path: string;
  body?: fc.Arbitrary<unknown>;
  stores?: Stores;
}

const apiShapes = (ctx: FuzzContext): fc.Arbitrary<ApiShape> =>
  fc.oneof(
    pick<ApiShape>(
      { method: 'POST', path: '/api/v1/policies', body: policyBody, stores: { kind: 'policy' } },
      {
        method: 'PUT',
        path: `/api/v1/policies/${ctx.policyId}`,
        body: policyBody,
        stores: { kind: 'policy' },
      },
      {
        method: 'POST',
        path: '/api/v1/me/grants',
        body: fc.record(
          {
            policyId: pick(ctx.policyId),
            expiresAt: timestamp,
            scope: fc.record({ verbs: fc.array(validIri, { minLength: 1, maxLength: 2 }) }),
          },
          { requiredKeys: ['policyId'] },
        ),
        stores: { kind: 'grant' },
      },
      {
        method: 'POST',
        path: '/api/v1/me/objections',
        body: fc.record({ policyId: pick(ctx.policyId) }),
        stores: { kind: 'objection' },
      },
      { method: 'POST', path: '/api/v1/people', body: personBody, stores: { kind: 'person' } },
      {
        method: 'PATCH',
        path: `/api/v1/people/${ctx.personId}`,
        body: fc.record(
          {
            displayName: fc.string({ minLength: 1, maxLength: 30 }),
            agents: fc.array(agent, { maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
      },
      {
        method: 'POST',
        path: '/api/v1/groups',
        body: fc.record({ name: fc.string({ minLength: 1, maxLength: 30 }) }),
        stores: { kind: 'group' },
      },
      {
        method: 'PUT',
        path: `/api/v1/groups/${ctx.groupId}/members`,
        body: fc.record({ personIds: fc.array(pick(ctx.personId), { maxLength: 1 }) }),
      },
    ),
    // Routes with an id in the path, and reads that take query parameters.
    fc.tuple(pick('grants', 'objections'), fc.oneof(validUuid, anyText)).map(([what, id]) => ({
      method: 'DELETE',
      path: `/api/v1/me/${what}/${pathSegment(id)}`,
    })),
    fc
      .tuple(pick('policies/%s/history', 'me/receipts/%s', 'people/%s/export'), fc.oneof(validUuid, anyText))
      .map(([p, id]) => ({
        method: 'GET',
        path: `/api/v1/${p.replace('%s', pathSegment(id))}`,
      })),
    fc
      .tuple(
        pick(
          'explain',
          'audit/records',
          'audit/stats',
          'audit/checkpoints',
          'me/access-log',
          'me/effective-access',
          'me/consent-requests',
          'people',
          'groups',
          'policies',
          'me',
        ),
        fc.array(
          fc.tuple(
            pick(
              'statementId',
              'principal',
              'since',
              'until',
              'learner',
              'person',
              'action',
              'outcome',
              'policy',
              'grant',
              'order',
              'limit',
              'cursor',
              'after',
              'format',
              'x',
            ),
            anyText,
          ),
          { maxLength: 4 },
        ),
      )
      .map(([p, params]) => ({ method: 'GET', path: `/api/v1/${p}${query(params)}` })),
    pick<ApiShape>({ method: 'POST', path: '/api/v1/audit/checkpoints' }),
  );

const apiV1 = (ctx: FuzzContext) =>
  apiShapes(ctx).chain((shape) =>
    fc
      .record({
        body: shape.body
          ? fc.oneof(
              { weight: 2, arbitrary: shape.body.map((b) => json(b)) },
              {
                weight: 5,
                arbitrary: fc
                  .tuple(shape.body, fc.array(mutation, { minLength: 1, maxLength: 3 }))
                  .map(([b, m]) => json(mutate(b, m))),
              },
              { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => json(v)) },
              { weight: 1, arbitrary: rawBodies },
            )
          : fc.constant(undefined),
        auth: fc.oneof(
          { weight: 6, arbitrary: pick(ctx.auth.admin, ctx.auth.learner) },
          { weight: 1, arbitrary: pick(ctx.auth.all, ctx.auth.otherTenant) },
          { weight: 1, arbitrary: authorization(ctx).map((a) => a ?? '') },
        ),
      })
      .map(({ body, auth }): FuzzRequest => ({
        category: 'api-v1',
        method: shape.method,
        path: shape.path,
        headers: {
          ...(auth && { Authorization: auth }),
          [VERSION]: '2.0.0',
          'Content-Type': 'application/json',
        },
        ...(body !== undefined && { body, ...(shape.stores && { stores: shape.stores }) }),
      })),
  );

// --- the 1.0.3 alternate request syntax (Communication §1.3) ----------------------------------------------

const alternateSyntax = (ctx: FuzzContext) =>
  fc
    .record({
      method: pick('GET', 'PUT', 'POST', 'DELETE', 'get', 'PATCH', ''),
      statement: fc
        .tuple(validStatement, fc.array(mutation, { maxLength: 2 }))
        .map(([s, m]) => ({ id: s.id, body: m.length ? mutate(s, m) : s })),
      withId: fc.boolean(),
      auth: fc.oneof(
        writers(ctx),
        authorization(ctx).map((a) => a ?? ''),
      ),
      v: fc.option(pick('1.0.3', '1.0.0', '2.0.0', 'x'), { nil: undefined }),
      extra: fc.array(queryParam, { maxLength: 2 }),
      extraInQuery: fc.nat({ max: 9 }),
      formType: fc.nat({ max: 9 }),
      target: pick('/xapi/statements', '/xapi/activities/state'),
    })
    .map((a): FuzzRequest => {
      const form: [string, string][] = [];
      if (a.auth) form.push(['Authorization', a.auth]);
      if (a.v !== undefined) form.push(['X-Experience-API-Version', a.v]);
      const upper = a.method.toUpperCase();
      const writes = upper === 'PUT' || upper === 'POST';
      if (writes) form.push(['content', toJson(a.statement.body)]);
      if (a.withId) form.push(['statementId', a.statement.id]);
      if (a.target !== '/xapi/statements') {
        form.push(
          ['activityId', 'http://example.org/alt'],
          ['agent', toJson({ mbox: LEARNER_MBOX })],
          ['stateId', 'alt'],
        );
      }
      form.push(...a.extra);
      const q: [string, string][] = [
        ['method', a.method],
        ...(a.extraInQuery === 0 ? [['limit', '1'] as [string, string]] : []),
      ];
      let stores: Stores | undefined;
      if (writes) {
        if (a.target !== '/xapi/statements') stores = { kind: 'document', id: 'alt' };
        else {
          stores =
            upper === 'PUT'
              ? { kind: 'statement', id: a.withId ? a.statement.id : '' }
              : { kind: 'statements' };
        }
      }
      return {
        category: 'alternate-syntax',
        method: 'POST',
        path: `${a.target}${query(q)}`,
        headers: {
          'Content-Type': a.formType === 0 ? 'application/json' : 'application/x-www-form-urlencoded',
        },
        body: Buffer.from(new URLSearchParams(form).toString()),
        ...(stores && { stores }),
      };
    });

// --- the Activities, Agents and About resources, and odd paths ---------------------------------------------

const resources = (ctx: FuzzContext) =>
  fc
    .record({
      target: fc.oneof(
        fc.oneof(validIri, anyText).map((id) => `/xapi/activities${query([['activityId', id]])}`),
        activity.map(
          (a) =>
            `/xapi/activities${query([
              ['activityId', a.id],
              ['x', '1'],
            ])}`,
        ),
        agentParam.map((a) => `/xapi/agents${query([['agent', a]])}`),
        pick(
          '/xapi/about',
          '/xapi/about?x=1',
          '/xapi/activities',
          '/xapi/agents',
          '/xapi/statements/',
          '/xapi//statements',
          '/xapi/statements/%00',
          '/xapi/%2e%2e/api/v1/me',
          '/xapi/statements?statementId=%ZZ',
          '/xapi/statements?agent=%E0%A4%A',
          '/api/v1/openapi.json',
          '/nowhere',
          '/xapi/activities?activityId[]=a&activityId[]=b',
          '/xapi/statements?limit[$gt]=1',
          '/healthz',
          '/readyz',
        ),
      ),
      method: pick('GET', 'GET', 'GET', 'HEAD', 'OPTIONS', 'POST', 'DELETE'),
      auth: pick(ctx.auth.all, ctx.auth.documents, ctx.auth.learner, ctx.auth.write, ''),
      v: version,
    })
    .map(({ target, method, auth, v }): FuzzRequest => ({
      category: 'resources',
      method,
      path: target,
      headers: { ...(auth && { Authorization: auth }), [VERSION]: v },
    }));

/** Every category, weighted: most inputs are statements breaking Data rules. */
export function fuzzInput(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 30, arbitrary: statementsInvalid(ctx) },
    { weight: 8, arbitrary: statementsValid(ctx) },
    { weight: 5, arbitrary: statementsRaw(ctx) },
    { weight: 12, arbitrary: statementsQuery(ctx) },
    { weight: 8, arbitrary: headers(ctx) },
    { weight: 6, arbitrary: loginBasic(ctx) },
    { weight: 7, arbitrary: multipart(ctx) },
    { weight: 10, arbitrary: documents(ctx) },
    { weight: 9, arbitrary: apiV1(ctx) },
    { weight: 4, arbitrary: alternateSyntax(ctx) },
    { weight: 3, arbitrary: resources(ctx) },
  );
}
