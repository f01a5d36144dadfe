// The transactional outbox of a part that owns a schema (storage, consent): an event is written to
// `<schema>.outbox` in the same transaction as the data it announces, published to JetStream once
// that transaction has committed, and deleted when JetStream has it. A relay republishes whatever a
// crash (or a failed publish) left behind, so a committed change is announced at least once and
// a rolled-back one never.
import { Events, type EventOf, type EventSubject } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import type {
  FactoryProvider,
  InjectionToken,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { currentTraceContext, outboxOldestAge, outboxPending, withTraceContext } from '@custos/telemetry';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';

import { LOGGER } from './logger.js';

/** The transaction an event is staged in: anything holding its EntityManager. */
export interface TransactionHandle {
  readonly manager: EntityManager;
}

/** An event written to the outbox; hand it to `publishSoon` once its transaction has committed. */
export interface StagedEvent {
  readonly subject: EventSubject;
  readonly payload: EventOf<EventSubject> & { messageId: string };
  /** The trace context of the change that staged it (currentTraceContext), if tracing is on. */
  readonly traceContext?: Record<string, string>;
}

export interface OutboxOptions {
  /**
   * Schema-qualified table (`storage.outbox`): `id uuid`, `subject text`, `payload jsonb`, `trace_context jsonb`,
   * `created_at` (outbox-table.ts).
   */
  table: string;
  /** How often the relay looks for leftovers, and how old a row must be to count as one (default 5 s). */
  relayEveryMs?: number;
  /**
   * Publish (default true). Tools that open a part's module for one command (the CLI, test harnesses)
   * turn it off: their in-process bus has no consumers, so publishing there would delete events (their own,
   * or a running install's leftovers) without them ever reaching anyone. Their events stay in the table
   * until a running part's relay publishes them.
   */
  relay?: boolean;
}

interface OutboxRow {
  id: string;
  subject: string;
  payload: Record<string, unknown>;
  trace_context: Record<string, string> | null;
}

const RELAY_BATCH = 100;

export class TransactionalOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly table: string;
  private readonly relayEveryMs: number;
  private timer?: NodeJS.Timeout;
  private relaying = false;
  private readonly relayOn: boolean;
  /** Ids JetStream has, waiting for the next DELETE (deletePublished). */
  private readonly published: string[] = [];
  private deleting?: Promise<void>;
  private stopSampling?: () => void;

  constructor(
    private readonly db: DataSource,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
    options: OutboxOptions,
  ) {
    // The table name is put into SQL text, so it is checked here, never taken from input.
    if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(options.table)) {
      throw new Error(`outbox table must be schema.table in lowercase, got ${options.table}`);
    }
    this.table = options.table;
    this.relayEveryMs = options.relayEveryMs ?? 5_000;
    this.relayOn = options.relay ?? true;
  }

  /**
   * Writes the event in the caller's transaction. The payload is checked against the subject's
   * schema first: a malformed event fails the change instead of sitting in the outbox forever.
   */
  async stage<E extends EventSubject>(
    tx: TransactionHandle,
    subject: E,
    payload: EventOf<E> & { messageId: string },
  ): Promise<StagedEvent> {
    Events[subject].parse(payload);
    // The change's trace, kept with the event so that its publication continues it, whoever publishes it.
    const traceContext = currentTraceContext();
    await tx.manager.query(
      `INSERT INTO ${this.table} (id, subject, payload, trace_context) VALUES ($1, $2, $3, $4)`,
      [
        payload.messageId,
        subject,
        JSON.stringify(payload),
        traceContext ? JSON.stringify(traceContext) : null,
      ],
    );
    return { subject, payload, ...(traceContext ? { traceContext } : {}) };
  }

  /**
   * Writes events of one subject in the caller's transaction, in one INSERT however many; checked as `stage`.
   * Each event keeps the trace it is given (the request it tells of, when one transaction serves several), or the
   * current one.
   */
  async stageAll<E extends EventSubject>(
    tx: TransactionHandle,
    subject: E,
    payloads: readonly (EventOf<E> & { messageId: string })[],
    traceContexts?: readonly (Record<string, string> | undefined)[],
  ): Promise<StagedEvent[]> {
    for (const payload of payloads) Events[subject].parse(payload);
    const current = currentTraceContext();
    const traces = payloads.map((_, i) => (traceContexts ? traceContexts[i] : current));
    await tx.manager.query(
      `INSERT INTO ${this.table} (id, subject, payload, trace_context)
       SELECT e.id, $1, e.payload, e.trace FROM unnest($2::uuid[], $3::jsonb[], $4::jsonb[]) AS e(id, payload, trace)`,
      [
        subject,
        payloads.map((p) => p.messageId),
        payloads.map((p) => JSON.stringify(p)),
        traces.map((t) => (t ? JSON.stringify(t) : null)),
      ],
    );
    return payloads.map((payload, i) => {
      const traceContext = traces[i];
      return { subject, payload, ...(traceContext ? { traceContext } : {}) };
    });
  }

  /**
   * Publishes staged events whose transaction committed; a failure is left to the relay. A tool (relay off)
   * publishes nothing: its events wait for a running part's relay.
   */
  publishSoon(...staged: StagedEvent[]): void {
    if (!this.relayOn) return;
    for (const event of staged) {
      void this.publish(event.payload.messageId, event.subject, event.payload, event.traceContext);
    }
  }

  /** Publishes rows older than the relay period: their first attempt failed or never ran. */
  async relay(): Promise<number> {
    if (this.relaying) return 0;
    this.relaying = true;
    try {
      const pending = await this.db.query<OutboxRow[]>(
        `SELECT id, subject, payload, trace_context FROM ${this.table}
          WHERE created_at < now() - ($1::int * interval '1 millisecond') ORDER BY created_at LIMIT $2`,
        [this.relayEveryMs, RELAY_BATCH],
      );
      for (const row of pending) {
        await this.publish(
          row.id,
          row.subject as EventSubject,
          row.payload as EventOf<EventSubject>,
          row.trace_context,
        );
      }
      return pending.length;
    } finally {
      this.relaying = false;
    }
  }

  private async publish(
    id: string,
    subject: EventSubject,
    payload: EventOf<EventSubject>,
    traceContext?: Record<string, string> | null,
  ): Promise<void> {
    try {
      // The message id doubles as the JetStream dedupe id, so a relay retry is harmless. Published in the staging
      // change's trace: the bus's producer span is a child of the span that staged the event.
      await withTraceContext(traceContext, () => this.bus.publish(subject, payload, id));
    } catch (err) {
      this.logger.warn({ subject, err: (err as Error).message }, 'event publish deferred to relay');
      return;
    }
    this.published.push(id);
    this.deleting ??= this.deletePublished();
    await this.deleting;
  }

  /**
   * Deletes published rows, one DELETE for all the ids published while the previous DELETE ran: under load one
   * statement serves many writes instead of one each. A row whose DELETE fails stays for the relay, which
   * publishes it again under the same dedupe id.
   */
  private async deletePublished(): Promise<void> {
    try {
      while (this.published.length > 0) {
        const ids = this.published.splice(0);
        await this.db.query(`DELETE FROM ${this.table} WHERE id = ANY($1::uuid[])`, [ids]);
      }
    } catch (err) {
      this.published.length = 0;
      this.logger.warn({ err: (err as Error).message }, 'published events left to the relay');
    } finally {
      this.deleting = undefined;
    }
  }

  /** The relay's backlog when Prometheus scrapes: rows waiting and the age of the oldest, in one cheap query. */
  private sampleBacklog(): () => void {
    const part = this.table.split('.')[0]!;
    let reading: Promise<void> | undefined;
    // Both gauges are collected in one scrape: one query serves them.
    const read = () =>
      (reading ??= (async () => {
        try {
          const [row] = await this.db.query<{ pending: number; age: number | null }[]>(
            `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(created_at))::float8 AS age
               FROM ${this.table}`,
          );
          outboxPending.gauge.set({ part }, row?.pending ?? 0);
          outboxOldestAge.gauge.set({ part }, Math.max(0, row?.age ?? 0));
        } finally {
          setTimeout(() => (reading = undefined), 1000).unref();
        }
      })());
    const stops = [outboxPending.sample(read), outboxOldestAge.sample(read)];
    return () => stops.forEach((stop) => stop());
  }

  onApplicationBootstrap(): void {
    if (!this.relayOn) return;
    this.stopSampling = this.sampleBacklog();
    this.timer = setInterval(() => {
      this.relay().catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message }, 'outbox relay failed'),
      );
    }, this.relayEveryMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.stopSampling?.();
  }
}

/** The part's outbox as a Nest provider, over the DataSource its module provides under `dbToken`. */
export const outboxProvider = (
  dbToken: InjectionToken,
  table: string,
  relay = true,
): FactoryProvider<TransactionalOutbox> => ({
  provide: TransactionalOutbox,
  useFactory: (db: DataSource, bus: MessageBus, logger: Logger) =>
    new TransactionalOutbox(db, bus, logger, { table, relay }),
  inject: [dbToken, MessageBus, LOGGER],
});
