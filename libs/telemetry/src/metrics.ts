// Prometheus metrics of a Custos process: one registry, every metric declared here so this file is the catalogue
// (docs/observability.md lists them). Labels are routes, subjects, parts and outcomes only: never a learner, a
// person, a statement or a tenant (identifiers are personal data, and unbounded label values would swamp Prometheus).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

/** Latency buckets (seconds) from 1 ms to 10 s: a bus hop is milliseconds, an audited read tens to hundreds. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: 'custos_http_requests_total',
  help: 'HTTP requests answered by the gateway, by route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'custos_http_request_duration_seconds',
  help: 'Time from an HTTP request reaching the gateway to its answer, by route template',
  labelNames: ['method', 'route'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const busRequests = new Counter({
  name: 'custos_bus_requests_total',
  help: 'Bus requests sent (side=client) and handled (side=server), by subject and outcome (ok or the error status)',
  labelNames: ['side', 'part', 'subject', 'status'] as const,
  registers: [metricsRegistry],
});

export const busRequestDuration = new Histogram({
  name: 'custos_bus_request_duration_seconds',
  help: 'Time a bus request took: waiting for the reply (client) or handling it (server)',
  labelNames: ['side', 'part', 'subject'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const dbQueryDuration = new Histogram({
  name: 'custos_db_query_duration_seconds',
  help: "Time of one SQL statement on a part's connection pool, by part and outcome",
  labelNames: ['part', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const writeGroupSize = new Histogram({
  name: 'custos_write_group_size',
  help: 'Writes per shared write transaction (group commit, ADR 0012): 1 when a write committed alone',
  labelNames: ['part'] as const,
  buckets: [1, 2, 4, 8, 16, 32],
  registers: [metricsRegistry],
});

export const statementsIngested = new Counter({
  name: 'custos_statements_ingested_total',
  help: 'xAPI statements accepted and stored (new or an identical resend), counted by ingest',
  registers: [metricsRegistry],
});

export const accessDecisions = new Counter({
  name: 'custos_access_decisions_total',
  help: 'Access decisions recorded in the audit log, by decision (allow, deny, …) and action',
  labelNames: ['decision', 'action'] as const,
  registers: [metricsRegistry],
});

export const signInFailures = new Counter({
  name: 'custos_sign_in_failures_total',
  help: 'Sign-ins with a wrong secret or password, by account kind (person: local login, credential: HTTP Basic)',
  labelNames: ['account'] as const,
  registers: [metricsRegistry],
});

export const signInRefusals = new Counter({
  name: 'custos_sign_in_throttled_total',
  help: 'Sign-ins refused by the throttle before the secret was looked at, by account kind and reason (backoff, locked, busy)',
  labelNames: ['account', 'reason'] as const,
  registers: [metricsRegistry],
});

export const accessRulesCache = new Counter({
  name: 'custos_access_rules_cache_total',
  help: "Statement reads by where the reader's access came from: hit (kept), miss (fetched), stale (kept but older than the tenant's policies: fetched again)",
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/** Forwarding (docs/flows.md "Forwarding"): batches delivered or failed, by target kind (xapi, webhook). */
export const forwardingBatches = new Counter({
  name: 'custos_forwarding_batches_total',
  help: 'Forwarding deliveries by target kind and result: delivered, failed (retried later), dead (moved to the dead letters)',
  labelNames: ['kind', 'result'] as const,
  registers: [metricsRegistry],
});

export const forwardingStatements = new Counter({
  name: 'custos_forwarding_statements_total',
  help: "Statements sent to forwarding targets (after the grantee's access and the target's filter), by target kind; voiding statements of erasures included",
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export const forwardingLag = new Histogram({
  name: 'custos_forwarding_lag_seconds',
  help: 'Seconds from a batch being queued for a target to its delivery',
  labelNames: ['kind'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

/** Something that sets its gauges' values when Prometheus scrapes; may be async (one cheap query). */
export type Sampler = () => Promise<void> | void;

/**
 * A gauge whose value is read at scrape time from whoever registered a sampler for it (a part's pool, its outbox,
 * the audit sequencer): nothing polls between scrapes. A sampler that fails leaves the gauge as it was — a lost
 * database must not fail the whole scrape.
 */
export class SampledGauge<L extends string> {
  readonly gauge: Gauge<L>;
  private readonly samplers = new Set<Sampler>();

  constructor(name: string, help: string, labelNames: readonly L[]) {
    const samplers = this.samplers;
    this.gauge = new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [metricsRegistry],
      async collect() {
        await Promise.allSettled([...samplers].map(async (sample) => sample()));
      },
    });
  }

  /** Adds a sampler; returns how to remove it (at the part's shutdown). */
  sample(sampler: Sampler): () => void {
    this.samplers.add(sampler);
    return () => this.samplers.delete(sampler);
  }
}

export const dbPoolConnections = new SampledGauge(
  'custos_db_pool_connections',
  "Connections of a part's PostgreSQL pool: total, idle, and waiting (requests queued for a connection)",
  ['part', 'state'] as const,
);

export const outboxPending = new SampledGauge(
  'custos_outbox_pending_events',
  "Events in a part's transactional outbox not yet handed to JetStream (the relay's backlog)",
  ['part'] as const,
);

export const outboxOldestAge = new SampledGauge(
  'custos_outbox_oldest_event_age_seconds',
  "Age of the oldest event in a part's outbox (0 when empty)",
  ['part'] as const,
);

export const consumerPending = new SampledGauge(
  'custos_jetstream_consumer_pending_messages',
  "Messages of the stream a part's durable consumer has not yet been delivered (num_pending), by consumer",
  ['consumer'] as const,
);

export const consumerAckPending = new SampledGauge(
  'custos_jetstream_consumer_ack_pending_messages',
  'Messages delivered to a durable consumer and not yet acknowledged (num_ack_pending), by consumer',
  ['consumer'] as const,
);

export const auditPending = new SampledGauge(
  'custos_audit_pending_records',
  'Audit records written and not yet sequenced into their chain and tree (storage.audit_pending)',
  [] as const,
);

export const auditOldestPendingAge = new SampledGauge(
  'custos_audit_oldest_pending_age_seconds',
  'Age of the oldest audit record waiting to be sequenced (0 when none)',
  [] as const,
);

export const auditCheckpointAge = new SampledGauge(
  'custos_audit_checkpoint_age_seconds',
  'Age of the newest signed checkpoint across tenants (NaN before the first)',
  [] as const,
);

/** Seconds since `started` (a performance.now() reading). */
export const secondsSince = (started: number): number => (performance.now() - started) / 1000;

/** The text Prometheus scrapes, and its content type. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

// The process's own figures (CPU, memory, event-loop delay, GC), read at scrape time.
collectDefaultMetrics({ register: metricsRegistry });
