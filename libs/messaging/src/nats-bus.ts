// MessageBus over NATS: core request/reply with queue groups for commands and queries,
// JetStream (file storage, dedupe by message id, explicit ack) for events. Payloads above the
// large-message threshold go through a JetStream Object Store (large-payloads.ts), in every
// direction, so callers never see NATS's max_payload.
import { readFileSync } from 'node:fs';

import {
  DomainError,
  eventStreamName,
  type EventOf,
  type EventSubject,
  mayCall,
  owningService,
  type Part,
  type ReplyOf,
  type RequestOf,
  type RequestSubject,
  ServiceUnavailableError,
} from '@custos/contracts';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import {
  connect,
  headers,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import { consumerAckPending, consumerPending, traceEventHandler, traceEventPublish } from '@custos/telemetry';
import type { Logger } from 'pino';

import {
  decode,
  encode,
  fromWireError,
  parseEvent,
  parseReply,
  parseRequest,
  toWireError,
  type WireError,
} from './codec.js';
import {
  DEADLINE_HEADER,
  PRINCIPAL_HEADER,
  REQUEST_ID_HEADER,
  requestIdFromHeader,
  STAGES_HEADER,
  stagesFromHeader,
  stagesToHeader,
} from './context-headers.js';
import { observedHandler, observedRequest } from './bus-telemetry.js';
import { assertBeforeDeadline, deadlineFromHeader, deadlineOf, timedOut } from './deadline.js';
import { FaultLog } from './faults.js';
import { eventStreamConfig } from './jetstream-assets.js';
import { DEFAULT_LARGE_PAYLOAD_BYTES, LargePayloads } from './large-payloads.js';
import { type NatsClientSettings, natsConnectionOptions, redactNatsUrl } from './nats-connection.js';
import { eventsConsumedBy, eventsPublishedBy, usesEventStream } from './nats-permissions.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type EventHandler,
  MessageBus,
  type RequestHandler,
  type RequestOptions,
} from './message-bus.js';
import type { PrincipalKeys } from './principal-assertion.js';
import { PrincipalGate } from './principal-gate.js';
import { addStages, currentRequestContext, runInRequestContext } from './request-context.js';

const ERROR_HEADER = 'Nats-Service-Error';
const ERROR_CODE_HEADER = 'Nats-Service-Error-Code';

export interface NatsBusOptions {
  url: string;
  /** How the part proves who it is, and TLS (deploy/nats/README.md); none for an open development server. */
  auth?: Omit<NatsClientSettings, 'NATS_URL'>;
  namespace: string;
  /** Connection name shown by the NATS server (`custos-storage`). */
  name: string;
  /**
   * The Custos part this bus speaks for: it may send only the requests the callers table (libs/contracts) allows
   * it, and its inbox prefix is its own. Tests and tools that play several parts leave it unset.
   */
  part?: Part;
  logger: Logger;
  /**
   * Payloads larger than this (bytes) travel through the object store; default 512 KiB, and
   * never more than half the server's max_payload (headers need room too).
   */
  largePayloadBytes?: number;
  /** How long a request waits for its reply when the caller gives no timeout (default 30 s). */
  requestTimeoutMs?: number;
  /**
   * Keys of signed principals (ADR 0006). Without them the bus signs nothing and trusts no assertion, so every
   * request that carries a principal is refused: a part is never open by omission.
   */
  principals?: PrincipalKeys;
}

/**
 * A request's headers: its deadline, the request id of the context it is made in, if any, and the principal
 * assertion.
 */
function requestHeaders(deadline: number, assertion: string | undefined): MsgHdrs {
  const h = headers();
  h.set(DEADLINE_HEADER, String(deadline));
  const requestId = currentRequestContext()?.requestId;
  if (requestId) h.set(REQUEST_ID_HEADER, requestId);
  if (assertion) h.set(PRINCIPAL_HEADER, assertion);
  return h;
}

/** A reply's headers: the stage timings of the handler's context, if it timed any. */
function replyHeaders(): MsgHdrs | undefined {
  const context = currentRequestContext();
  if (!context || context.stages.size === 0) return undefined;
  const h = headers();
  h.set(STAGES_HEADER, stagesToHeader(context));
  return h;
}

/** The client's timeout, thrown as is or as the cause of a RequestError. */
const isTimeout = (err: unknown): boolean =>
  err instanceof Error &&
  (err.name === 'TimeoutError' || (err.cause instanceof Error && err.cause.name === 'TimeoutError'));

/** 1 s after the first failed delivery, doubling up to a minute. */
const redeliveryDelayMs = (deliveryCount: number): number =>
  Math.min(60_000, 1000 * 2 ** Math.min(6, Math.max(0, deliveryCount - 1)));

export class NatsBus extends MessageBus {
  private readonly subscriptions: Subscription[] = [];
  private readonly consumers: { stop: () => void; done: Promise<void> }[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;
  private closed?: Promise<void>;
  private readonly faults: FaultLog;
  /** False between a disconnect and the next reconnect: callers then fail fast with 503. */
  private connected = true;
  /** The server refused one of this part's subscriptions: never ready again (deploy/nats/README.md). */
  private refused = false;

  private readonly large: LargePayloads;
  protected readonly principals: PrincipalGate;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly options: NatsBusOptions,
  ) {
    super();
    const maxPayload = nc.info?.max_payload ?? 1024 * 1024;
    const threshold = Math.min(options.largePayloadBytes ?? DEFAULT_LARGE_PAYLOAD_BYTES, maxPayload / 2);
    this.large = new LargePayloads(js, options.namespace, threshold);
    this.faults = new FaultLog(options.logger);
    this.principals = new PrincipalGate(
      options.principals ?? { verifyKeys: [], ttlSeconds: 1 },
      options.logger,
    );
    void this.watchStatus();
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.connected = false;
      if (status.type === 'reconnect') this.connected = true;
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        this.options.logger.warn({ nats: status.type }, 'NATS connection changed');
      }
    }
  }

  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const connection = natsConnectionOptions(
      { ...options.auth, NATS_URL: options.url },
      { namespace: options.namespace, part: options.part ?? options.name },
      (path) => readFileSync(path, 'utf8'),
    );
    const nc = await connect({
      ...connection,
      name: options.name,
      // Keep trying forever: a NATS restart must not take a part down for good.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    options.logger.info({ nats: redactNatsUrl(options.url) }, 'connected to NATS');
    const bus = new NatsBus(nc, jetstream(nc), options);
    // A part with no events (gateway, ingest, query) is not allowed near the stream (deploy/nats).
    if (!options.part || usesEventStream(options.part)) await bus.ensureStream();
    return bus;
  }

  private subject(s: string): string {
    return `${this.options.namespace}.${s}`;
  }

  /**
   * Creates the events stream when missing (one replica: `custos nats apply` makes it three on a cluster) and
   * keeps its subjects those of the code; its other settings are left to `custos nats apply`.
   */
  private async ensureStream(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const config = eventStreamConfig(this.options.namespace);
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, { subjects: config.subjects });
    } catch {
      await jsm.streams.add(config).catch(async (err: unknown) => {
        // Another part may have created it between our info and add.
        await jsm.streams.info(config.name).catch(() => {
          throw err;
        });
      });
    }
  }

  async request<S extends RequestSubject>(
    subject: S,
    payload: RequestOf<S>,
    options?: RequestOptions,
  ): Promise<ReplyOf<S>> {
    if (this.options.part && !mayCall(this.options.part, subject)) {
      // A programming fault, not a runtime condition: the NATS server would refuse it too (deploy/nats).
      throw new Error(`${this.options.part} may not send ${subject} (libs/contracts/src/callers.ts)`);
    }
    // Counted and traced from here: a 503 for a lost connection or a spent deadline is what an operator alerts on.
    return observedRequest(this.options.part ?? '', subject, (inject) => {
      if (!this.connected) {
        // A request made now would sit in the client's buffer until it times out; say so at once.
        throw new ServiceUnavailableError('messaging is reconnecting; try again shortly');
      }
      const deadline = deadlineOf(
        options?.timeoutMs ?? this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      );
      if (deadline <= Date.now()) {
        throw new ServiceUnavailableError(
          `no time was left to ask ${owningService(subject)} before the deadline`,
        );
      }
      return this.send(subject, payload, deadline, inject);
    });
  }

  private async send<S extends RequestSubject>(
    subject: S,
    payload: RequestOf<S>,
    deadline: number,
    inject: (headers: MsgHdrs) => void,
  ): Promise<ReplyOf<S>> {
    const assertion = await this.principals.assertionFor(subject, payload, deadline);
    const h = requestHeaders(deadline, assertion);
    inject(h);
    const out = await this.large.prepare(encode(payload), 'transient', h);
    let reply: Msg;
    try {
      reply = await this.nc.request(this.subject(subject), out.data, {
        timeout: Math.max(1, deadline - Date.now()),
        ...(out.headers ? { headers: out.headers } : {}),
      });
    } catch (err) {
      // Nobody took the stored request (no responder, or too late): nobody else will delete it.
      if (out.objectName) void this.large.discard(out.objectName);
      this.options.logger.warn({ subject, err: (err as Error).message }, 'request failed');
      throw isTimeout(err)
        ? timedOut(subject)
        : new ServiceUnavailableError(`${owningService(subject)} service unavailable`);
    }
    // The handler's stage timings count for this request, whether it answered or failed.
    addStages(stagesFromHeader(reply.headers?.get(STAGES_HEADER)));
    const data = await this.large.resolve(reply, 'transient');
    const code = reply.headers?.get(ERROR_CODE_HEADER);
    if (code) {
      throw fromWireError(decode(data) as WireError);
    }
    return parseReply(subject, decode(data)) as ReplyOf<S>;
  }

  /**
   * Resolves once the server holds every subscription made so far (one round trip): a request another connection
   * sends afterwards finds its responder. A subscription reaches the server a moment after `serve` returns.
   */
  override async flush(): Promise<void> {
    await this.nc.flush();
  }

  serve<S extends RequestSubject>(subject: S, handler: RequestHandler<S>): void {
    const sub = this.nc.subscribe(this.subject(subject), {
      queue: `${this.options.namespace}.${owningService(subject)}`,
      callback: (err, msg) => {
        if (err) {
          // Refused by the server (this part's NATS user may not answer the subject: the wrong key, or a server
          // configuration out of step with libs/contracts): the part cannot do its job, so it is not ready.
          if (err.name === 'PermissionViolationError') this.refused = true;
          this.options.logger.error({ subject, err: err.message }, 'subscription error');
          return;
        }
        this.track(this.answer(subject, msg, handler));
      },
    });
    this.subscriptions.push(sub);
  }

  /**
   * Runs the handler in a context of its own, with the caller's request id and deadline; its stages go back on
   * the reply.
   */
  private answer<S extends RequestSubject>(subject: S, msg: Msg, handler: RequestHandler<S>): Promise<void> {
    const requestId = requestIdFromHeader(msg.headers?.get(REQUEST_ID_HEADER));
    const deadline = deadlineFromHeader(msg.headers?.get(DEADLINE_HEADER));
    return runInRequestContext(requestId, () => this.answerInContext(subject, msg, handler), deadline);
  }

  private async answerInContext<S extends RequestSubject>(
    subject: S,
    msg: Msg,
    handler: RequestHandler<S>,
  ): Promise<void> {
    try {
      await observedHandler(owningService(subject), subject, msg.headers, async () => {
        const raw = decode(await this.large.resolve(msg, 'transient'));
        // Before anything else: a principal the gateway did not sign is refused (ADR 0006).
        await this.principals.admit(subject, raw, msg.headers?.get(PRINCIPAL_HEADER) || undefined);
        const request = parseRequest(subject, raw) as RequestOf<S>;
        // The caller has given up (the request waited in a queue, or its part was slow): do not start.
        assertBeforeDeadline(`${owningService(subject)} started on it`);
        const result = await handler(request);
        const out = await this.large.prepare(encode(result), 'transient', replyHeaders());
        msg.respond(out.data, out.headers ? { headers: out.headers } : undefined);
      });
    } catch (err) {
      const wire = toWireError(err, subject);
      // Unexpected faults are logged here where they happened (a lost database once per interval); callers see
      // a 500, or a 503 for the database.
      if (!(err instanceof DomainError)) this.faults.handlerFailed(subject, err);
      const h = replyHeaders() ?? headers();
      h.set(ERROR_HEADER, wire.message);
      h.set(ERROR_CODE_HEADER, String(wire.status));
      await this.respondError(msg, wire, h);
    }
  }

  /** The ADR-32 headers stay on the envelope; only a very long error body is stored. */
  private async respondError(msg: Msg, wire: WireError, h: ReturnType<typeof headers>): Promise<void> {
    try {
      const out = await this.large.prepare(encode(wire), 'transient', h);
      msg.respond(out.data, { headers: out.headers ?? h });
    } catch {
      // The object store is out of reach: still answer, with the status and message alone.
      msg.respond(encode({ status: wire.status, message: wire.message }), { headers: h });
    }
  }

  async publish<E extends EventSubject>(subject: E, event: EventOf<E>, messageId: string): Promise<void> {
    if (this.options.part && !eventsPublishedBy(this.options.part).includes(subject)) {
      throw new Error(`${this.options.part} may not publish ${subject}: it is not its event`);
    }
    // A producer span, its trace context in the message's headers for the consumers' spans (bus-tracing).
    await traceEventPublish(subject, async (inject) => {
      const h = headers();
      inject(h);
      const out = await this.large.prepare(encode(event), 'event', h.keys().length > 0 ? h : undefined);
      await this.js.publish(this.subject(subject), out.data, {
        msgID: messageId,
        ...(out.headers ? { headers: out.headers } : {}),
      });
    });
  }

  consume<E extends EventSubject>(subject: E, durableName: string, handler: EventHandler<E>): void {
    if (this.options.part && !eventsConsumedBy(this.options.part).includes(subject)) {
      throw new Error(`${this.options.part} does not consume ${subject} (libs/contracts/src/callers.ts)`);
    }
    let stopped = false;
    let stop = (): void => {
      stopped = true;
    };
    const done = (async () => {
      const stream = eventStreamName(this.options.namespace);
      const jsm = await jetstreamManager(this.nc);
      await jsm.consumers
        .add(stream, {
          durable_name: durableName,
          ack_policy: AckPolicy.Explicit,
          filter_subject: this.subject(subject),
          // Never given up on: an event is a fact that must reach its consumer (e.g. the audit chain), so a
          // consumer whose database is down gets it again, less and less often, until it takes it.
          max_deliver: -1,
        })
        .catch(() => undefined); // already exists
      const consumer = await this.js.consumers.get(stream, durableName);
      const messages = await consumer.consume();
      // Its lag, read from the server when Prometheus scrapes: messages not yet delivered, and delivered unacked.
      const unsample = [
        consumerPending.sample(async () => {
          consumerPending.gauge.set({ consumer: durableName }, (await consumer.info()).num_pending);
        }),
        consumerAckPending.sample(async () => {
          consumerAckPending.gauge.set({ consumer: durableName }, (await consumer.info()).num_ack_pending);
        }),
      ];
      stop = () => {
        stopped = true;
        for (const remove of unsample) remove();
        void messages.close();
      };
      if (stopped) stop();
      for await (const m of messages) {
        let raw: Uint8Array;
        try {
          raw = await this.large.resolve(m, 'event');
        } catch (err) {
          // The payload could not be fetched (object store unreachable): try again later.
          this.options.logger.warn({ subject, err: (err as Error).message }, 'event payload unavailable');
          m.nak(redeliveryDelayMs(m.info.deliveryCount));
          continue;
        }
        let event: EventOf<E>;
        try {
          event = parseEvent(subject, decode(raw));
        } catch (err) {
          // Not an event of this subject: delivering it again would fail again.
          this.options.logger.error({ subject, err: (err as Error).message }, 'malformed event dropped');
          m.term();
          continue;
        }
        try {
          // A consumer span, continuing the trace of the change that caused the event (its headers).
          await traceEventHandler(subject, durableName, m.headers, () => handler(event));
          // Acknowledged only once the handler is done (its transaction committed); a lost ack redelivers,
          // which the idempotent handler absorbs.
          m.ack();
        } catch (err) {
          this.options.logger.error({ subject, err: (err as Error).message }, 'event handler failed');
          m.nak(redeliveryDelayMs(m.info.deliveryCount));
        }
      }
    })();
    this.consumers.push({ stop: () => stop(), done });
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  isReady(): boolean {
    return this.connected && !this.refused && !this.closing && !this.nc.isClosed() && !this.nc.isDraining();
  }

  /** The same promise for every caller: a part's database closer waits on it before it ends its pool. */
  close(): Promise<void> {
    this.closed ??= this.drainAndClose();
    return this.closed;
  }

  private async drainAndClose(): Promise<void> {
    this.closing = true;
    // Drained, not just unsubscribed: requests the client already received are still answered.
    await Promise.allSettled(this.subscriptions.map((sub) => sub.drain()));
    for (const c of this.consumers) c.stop();
    await Promise.allSettled([...this.inFlight, ...this.consumers.map((c) => c.done)]);
    await this.nc.drain().catch(() => this.nc.close());
  }
}
