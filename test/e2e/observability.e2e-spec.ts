// Metrics and traces as an operator gets them (issue 14): Prometheus text on the internal ports of a running
// standalone and of every distributed part after real xAPI traffic — the series exist, carry sensible values and
// never a learner's identifier, a statement id or a tenant — and one xAPI request is one trace across the parts,
// continuing into the JetStream events it causes, received by a small OTLP/HTTP (JSON) receiver here in the test.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';

import {
  aStatement,
  type Cluster,
  freePort,
  spawnStandalone,
  startCluster,
  type StandaloneProcess,
  waitFor,
  xapiClient,
} from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant, type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

/** One sample of a scrape: `name{labels} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseScrape(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const scrapeOf = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await res.text();
  return { text, samples: parseScrape(text) };
};

/** The sum of a metric's samples whose labels include `labels`. */
const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);

const has = (samples: Sample[], name: string, labels: Record<string, string> = {}): boolean =>
  samples.some((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** What the public port answers to /metrics (the web pages' fallback, never the metrics). */
const publicMetrics = async (baseUrl: string): Promise<string> =>
  (await fetch(`${baseUrl}/metrics`, { headers: { accept: 'text/plain' } })).text();

/** Statements about one learner whose identifiers are easy to find anywhere in a scrape. */
function distinctiveTraffic() {
  const tag = randomBytes(6).toString('hex');
  const actor = { objectType: 'Agent', name: `Obs Learner ${tag}`, mbox: `mailto:obs-${tag}@example.org` };
  const statements = [aStatement({ actor }), aStatement({ actor }), aStatement({ actor, id: randomUUID() })];
  return { tag, actor, statements };
}

/** Nothing about a learner, a statement or a tenant in any label value (nor anywhere else in the text). */
function expectNoPersonalData(text: string, secrets: string[]): void {
  for (const secret of secrets) expect(text, `the scrape names ${secret}`).not.toContain(secret);
}

let credentials: CredentialFactory;
let people: PeopleFactory;
beforeAll(async () => {
  credentials = await credentialFactory(databaseUrl);
  people = await peopleFactory(databaseUrl);
});
afterAll(async () => {
  await credentials?.close();
  await people?.close();
});

describe('metrics of a standalone (CUSTOS_METRICS_PORT)', () => {
  let lrs: StandaloneProcess;
  let metricsPort: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'custos-obs-'));

  beforeAll(async () => {
    metricsPort = await freePort();
    lrs = await spawnStandalone(dataDir, {
      DATABASE_URL: databaseUrl,
      CUSTOS_METRICS_PORT: String(metricsPort),
    });
  }, 120_000);
  afterAll(async () => {
    await lrs?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the named series after xAPI traffic, with no learner, statement or tenant in them', async () => {
    const c = await credentials.create(['all']);
    const xapi = xapiClient(lrs.baseUrl, c.key, c.secret);
    const { tag, actor, statements } = distinctiveTraffic();
    const posted = await xapi.postStatements(statements);
    expect(posted.status).toBe(200);
    expect((await xapi.getStatements({ agent: JSON.stringify({ mbox: actor.mbox }) })).status).toBe(200);
    expect((await xapi.getStatements({ statementId: posted.body[0]! })).status).toBe(200);
    // A wrong secret, and the public port has no /metrics.
    expect((await xapiClient(lrs.baseUrl, c.key, 'wrong').getStatements()).status).toBe(401);
    expect(await publicMetrics(lrs.baseUrl)).not.toContain('custos_http_requests_total');

    const { text, samples } = await scrapeOf(metricsPort);
    const post = { method: 'POST', route: '/xapi/statements', status: '200' };
    expect(sum(samples, 'custos_http_requests_total', post)).toBe(1);
    expect(
      sum(samples, 'custos_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/xapi/statements',
      }),
    ).toBe(1);
    expect(sum(samples, 'custos_http_requests_total', { route: '/xapi/statements', status: '401' })).toBe(1);
    // The bus, both sides, by subject and owning part.
    const store = { subject: 'storage.v1.statements.store' };
    expect(sum(samples, 'custos_bus_requests_total', { ...store, side: 'client', status: 'ok' })).toBe(1);
    expect(sum(samples, 'custos_bus_requests_total', { ...store, side: 'server', part: 'storage' })).toBe(1);
    expect(sum(samples, 'custos_bus_request_duration_seconds_count', { ...store, side: 'server' })).toBe(1);
    expect(sum(samples, 'custos_statements_ingested_total')).toBe(3);
    expect(sum(samples, 'custos_access_decisions_total', { decision: 'allow' })).toBeGreaterThanOrEqual(3);
    for (const part of ['storage', 'consent']) {
      expect(sum(samples, 'custos_db_pool_connections', { part, state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(has(samples, 'custos_db_pool_connections', { part, state: 'waiting' })).toBe(true);
      expect(sum(samples, 'custos_db_query_duration_seconds_count', { part, outcome: 'ok' })).toBeGreaterThan(
        0,
      );
      expect(has(samples, 'custos_outbox_pending_events', { part })).toBe(true);
    }
    expect(has(samples, 'custos_audit_pending_records')).toBe(true);
    expect(has(samples, 'custos_audit_oldest_pending_age_seconds')).toBe(true);
    expect(sum(samples, 'custos_sign_in_failures_total', { account: 'credential' })).toBe(1);
    expect(has(samples, 'process_cpu_seconds_total')).toBe(true);

    expectNoPersonalData(text, [tag, actor.mbox, actor.name, c.tenantId, c.key, ...posted.body]);
  }, 60_000);
});

/** A minimal OTLP/HTTP receiver: the JSON the trace exporter posts to /v1/traces, as flat spans. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

async function otlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.startsWith('application/json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: { spans: Omit<ReceivedSpan, 'service'>[] }[];
          }[];
        };
        for (const rs of body.resourceSpans) {
          const service =
            rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

describe('metrics and traces of the distributed parts', () => {
  let cluster: Cluster;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    cluster = await startCluster({
      databaseUrl,
      natsUrl,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
    await cluster.waitReady();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    receiver?.server.close();
  });

  it('makes one POST /xapi/statements one trace across gateway, ingest and storage', async () => {
    const c = await credentials.create(['all']);
    const xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
    const traceId = randomBytes(16).toString('hex');
    const parent = randomBytes(8).toString('hex');
    const posted = await xapi.request('POST', '/xapi/statements', {
      body: [aStatement()],
      headers: { traceparent: `00-${traceId}-${parent}-01` },
    });
    expect(posted.status).toBe(200);
    const services = () => new Set(receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
    await waitFor('spans of gateway, ingest and storage', async () =>
      ['custos-gateway', 'custos-ingest', 'custos-storage'].every((s) => services().has(s)),
    );
    const trace = receiver.spans.filter((s) => s.traceId === traceId);
    // The gateway's HTTP server span continues the caller's trace; the bus hops are children of their callers.
    expect(trace.find((s) => s.service === 'custos-gateway' && s.parentSpanId === parent)).toBeDefined();
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const ingestHandled = trace.find((s) => s.name === 'ingest.v1.statements.ingest handle');
    expect(ingestHandled?.service).toBe('custos-ingest');
    expect(byId.get(ingestHandled!.parentSpanId!)?.service).toBe('custos-gateway');
    const storeHandled = trace.find((s) => s.name === 'storage.v1.statements.store handle');
    expect(storeHandled?.service).toBe('custos-storage');
    expect(byId.get(storeHandled!.parentSpanId!)?.service).toBe('custos-ingest');
    // pg instrumentation: storage's SQL is in the same trace.
    expect(trace.some((s) => s.service === 'custos-storage' && s.name.startsWith('pg.query'))).toBe(true);
    // The `statements.stored` event storage's outbox publishes after the commit continues the write's trace.
    await waitFor('the outbox publish span', async () =>
      receiver.spans.some((s) => s.traceId === traceId && s.name === 'storage.v1.statements.stored publish'),
    );
    const published = receiver.spans.find(
      (s) => s.traceId === traceId && s.name === 'storage.v1.statements.stored publish',
    )!;
    expect(published.service).toBe('custos-storage');
    expect(published.parentSpanId).toBe(storeHandled!.spanId);
  }, 60_000);

  it("continues a POST's trace into the events it causes: consent's outbox publish, storage's consumer", async () => {
    // A failed sign-in is a change consent records (login.failure): staged in consent's outbox, published to
    // JetStream, and appended to the audit chain by storage's durable consumer.
    const tenant = aTenant();
    await people.create(tenant, { username: 'obs', password: randomBytes(12).toString('hex') });
    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ tenant, username: 'obs', password: 'not-the-password' }),
    });
    expect(res.status).toBe(401);
    const named = (name: string) => receiver.spans.find((s) => s.traceId === traceId && s.name === name);
    await waitFor('the consumer span of storage', async () => !!named('consent.v1.audit.recorded process'));
    const published = named('consent.v1.audit.recorded publish')!;
    const processed = named('consent.v1.audit.recorded process')!;
    expect(published.service).toBe('custos-consent');
    // The producer span is a child of a span of consent's in this trace (the handling of the sign-in).
    const byId = new Map(receiver.spans.filter((s) => s.traceId === traceId).map((s) => [s.spanId, s]));
    expect(byId.get(published.parentSpanId!)?.service).toBe('custos-consent');
    // Over JetStream, in the message's headers: storage's handling is a child of the publish.
    expect(processed.service).toBe('custos-storage');
    expect(processed.parentSpanId).toBe(published.spanId);
    // The audit chain's SQL is in the same trace.
    await waitFor('the consumer span is exported with its SQL', async () =>
      receiver.spans.some(
        (s) => s.traceId === traceId && s.service === 'custos-storage' && s.name.startsWith('pg.query'),
      ),
    );
  }, 60_000);

  it('makes one GET /xapi/statements one trace across gateway, query, consent and storage', async () => {
    const c = await credentials.create(['all']);
    const xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
    const traceId = randomBytes(16).toString('hex');
    const got = await xapi.request('GET', '/xapi/statements?limit=1', {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(got.status).toBe(200);
    const expected = ['custos-gateway', 'custos-query', 'custos-consent', 'custos-storage'];
    await waitFor('spans of gateway, query, consent and storage', async () => {
      const services = new Set(receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
      return expected.every((s) => services.has(s));
    });
  }, 60_000);

  it("serves each part's series on its internal port, with no learner, statement or tenant in them", async () => {
    const c = await credentials.create(['all']);
    const xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
    const { tag, actor, statements } = distinctiveTraffic();
    const posted = await xapi.postStatements(statements);
    expect(posted.status).toBe(200);
    expect((await xapi.getStatements({ agent: JSON.stringify({ mbox: actor.mbox }) })).status).toBe(200);
    // Wrong secrets until the throttle backs off (5 free failures of a key at one address).
    const wrong = xapiClient(cluster.baseUrl, c.key, 'wrong');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await wrong.getStatements()).status);
    expect(statuses).toContain(429);

    const port = (part: 'gateway' | 'ingest' | 'storage' | 'consent' | 'query') =>
      cluster.healthPorts.get(part)!;
    const gateway = await scrapeOf(port('gateway'));
    expect(
      sum(gateway.samples, 'custos_http_requests_total', {
        method: 'POST',
        route: '/xapi/statements',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sum(gateway.samples, 'custos_bus_requests_total', {
        side: 'client',
        part: 'gateway',
        subject: 'ingest.v1.statements.ingest',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(await publicMetrics(cluster.baseUrl)).not.toContain('custos_http_requests_total');

    const ingest = await scrapeOf(port('ingest'));
    expect(sum(ingest.samples, 'custos_statements_ingested_total')).toBeGreaterThanOrEqual(3);
    expect(
      sum(ingest.samples, 'custos_bus_requests_total', { side: 'server', part: 'ingest', status: 'ok' }),
    ).toBeGreaterThanOrEqual(1);

    const storage = await scrapeOf(port('storage'));
    expect(
      sum(storage.samples, 'custos_access_decisions_total', { decision: 'allow' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sum(storage.samples, 'custos_db_pool_connections', { part: 'storage', state: 'total' }),
    ).toBeGreaterThan(0);
    expect(
      sum(storage.samples, 'custos_db_query_duration_seconds_count', { part: 'storage' }),
    ).toBeGreaterThan(0);
    expect(has(storage.samples, 'custos_outbox_pending_events', { part: 'storage' })).toBe(true);
    expect(has(storage.samples, 'custos_audit_pending_records')).toBe(true);
    expect(has(storage.samples, 'custos_jetstream_consumer_pending_messages')).toBe(true);

    const consent = await scrapeOf(port('consent'));
    expect(
      sum(consent.samples, 'custos_sign_in_failures_total', { account: 'credential' }),
    ).toBeGreaterThanOrEqual(5);
    expect(
      sum(consent.samples, 'custos_sign_in_throttled_total', { account: 'credential' }),
    ).toBeGreaterThanOrEqual(1);
    expect(has(consent.samples, 'custos_outbox_pending_events', { part: 'consent' })).toBe(true);

    const query = await scrapeOf(port('query'));
    expect(
      sum(query.samples, 'custos_bus_requests_total', { side: 'client', part: 'query', status: 'ok' }),
    ).toBeGreaterThanOrEqual(1);

    for (const { text } of [gateway, ingest, storage, consent, query]) {
      expectNoPersonalData(text, [tag, actor.mbox, actor.name, c.tenantId, c.key, ...posted.body]);
    }
  }, 90_000);
});
