// MessageBus for standalone mode: every part lives in one process, so a request is a function
// call. Payloads still go through JSON and the contract schemas, so a handler sees exactly what
// it would see over NATS and the two modes cannot drift apart.
import {
  DomainError,
  type EventOf,
  owningService,
  type EventSubject,
  type ReplyOf,
  type RequestOf,
  type RequestSubject,
  ServiceUnavailableError,
} from '@custos/contracts';
import { type HeaderCarrier, mapCarrier, traceEventHandler, traceEventPublish } from '@custos/telemetry';
import type { Logger } from 'pino';

import {
  fromJsonText,
  fromWireError,
  parseEvent,
  parseReply,
  parseRequest,
  toJsonText,
  toWireError,
} from './codec.js';
import { observedHandler, observedRequest } from './bus-telemetry.js';
import { assertBeforeDeadline, deadlineOf, timedOut } from './deadline.js';
import { FaultLog } from './faults.js';
import type { PrincipalKeys } from './principal-assertion.js';
import { ephemeralPrincipalKeys } from './principal-keys.js';
import { PrincipalGate } from './principal-gate.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type EventHandler,
  MessageBus,
  type RequestHandler,
  type RequestOptions,
} from './message-bus.js';
import {
  addStages,
  currentRequestContext,
  type RequestContext,
  runInRequestContext,
} from './request-context.js';

// Through JSON text with the same checks as NATS (codec.ts), so a payload too deep for one mode is for both.
const roundTrip = (value: unknown): unknown => fromJsonText(toJsonText(value ?? null));

export class InProcessBus extends MessageBus {
  private readonly handlers = new Map<string, RequestHandler<RequestSubject>>();
  private readonly subscribers = new Map<
    string,
    { durableName: string; handler: EventHandler<EventSubject> }[]
  >();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;
  private readonly faults: FaultLog;
  protected readonly principals: PrincipalGate;

  /**
   * `principals`: the keys of signed principals (ADR 0006); standalone holds the signing key too, so its gateway
   * signs and its parts verify exactly as in the distributed mode. Default: a key pair made for this bus alone
   * (tests, the CLI), which nothing outside the process can use.
   */
  constructor(
    private readonly logger: Logger,
    principals: PrincipalKeys = ephemeralPrincipalKeys(),
    private readonly requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    super();
    this.faults = new FaultLog(logger);
    this.principals = new PrincipalGate(principals, logger);
  }

  async request<S extends RequestSubject>(
    subject: S,
    payload: RequestOf<S>,
    options?: RequestOptions,
  ): Promise<ReplyOf<S>> {
    // As over NATS: counted, and a client span whose trace context rides in headers (a map here) to the handler's.
    return observedRequest('', subject, (inject) => {
      const handler = this.handlers.get(subject) as RequestHandler<S> | undefined;
      if (!handler || this.closing) throw new ServiceUnavailableError(`no handler for ${subject}`);
      const deadline = deadlineOf(options?.timeoutMs ?? this.requestTimeoutMs);
      const headers = mapCarrier();
      inject(headers);
      return this.call(subject, handler, payload, deadline, headers);
    });
  }

  private async call<S extends RequestSubject>(
    subject: S,
    handler: RequestHandler<S>,
    payload: RequestOf<S>,
    deadline: number,
    headers: HeaderCarrier,
  ): Promise<ReplyOf<S>> {
    const assertion = await this.principals.assertionFor(subject, payload, deadline);
    // As over NATS: the handler gets a context of its own with the caller's request id and deadline, and its
    // stage timings are added to the caller's, whether it answered or failed.
    let hop: RequestContext | undefined;
    const work = runInRequestContext(
      currentRequestContext()?.requestId,
      async () => {
        hop = currentRequestContext();
        try {
          return await observedHandler(owningService(subject), subject, headers, async () => {
            const raw = roundTrip(payload);
            // Before anything else, as over NATS: a principal the gateway did not sign is refused (ADR 0006).
            await this.principals.admit(subject, raw, assertion);
            const request = parseRequest(subject, raw) as RequestOf<S>;
            assertBeforeDeadline(`${owningService(subject)} started on it`);
            return roundTrip(await handler(request));
          });
        } catch (err) {
          const wire = toWireError(err, subject);
          if (!(err instanceof DomainError)) this.faults.handlerFailed(subject, err);
          throw fromWireError(wire);
        }
      },
      deadline,
    );
    this.track(work);
    // The caller stops waiting at the deadline, as over NATS; the handler finds the deadline passed before it
    // commits anything (deadline.ts), so what it does then is rolled back.
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut(subject)), Math.max(0, deadline - Date.now()));
    });
    try {
      return parseReply(subject, await Promise.race([work, expired])) as ReplyOf<S>;
    } finally {
      clearTimeout(timer);
      if (hop) addStages(hop.stages);
    }
  }

  serve<S extends RequestSubject>(subject: S, handler: RequestHandler<S>): void {
    if (this.handlers.has(subject)) throw new Error(`${subject} already has a handler`);
    this.handlers.set(subject, handler);
  }

  /**
   * Resolves once every consumer has handled the event, and rejects when one failed: as JetStream keeps an
   * unacknowledged message, the publisher (a transactional outbox) then keeps the event for its relay to
   * deliver again. Consumers are idempotent (MessageBus.consume), so the ones that succeeded see it twice.
   */
  async publish<E extends EventSubject>(subject: E, event: EventOf<E>): Promise<void> {
    const payload = roundTrip(event);
    // As over NATS: a producer span, its trace context in headers (a map here) for each consumer's span.
    const failed = await traceEventPublish(subject, async (inject) => {
      const headers = mapCarrier();
      inject(headers);
      const deliveries = (this.subscribers.get(subject) ?? []).map((subscriber) => {
        // As a JetStream consumer does, a consumer runs outside the publishing request: its stage timings are not
        // that request's.
        const delivery = runInRequestContext(undefined, async () =>
          traceEventHandler(subject, subscriber.durableName, headers, () =>
            subscriber.handler(parseEvent(subject, payload)),
          ),
        );
        this.track(delivery);
        return delivery;
      });
      return (await Promise.allSettled(deliveries)).filter((r) => r.status === 'rejected');
    });
    if (failed.length > 0) {
      const err = (failed[0] as PromiseRejectedResult).reason as Error;
      this.logger.error({ subject, err: err?.message ?? String(err) }, 'event handler failed');
      throw new Error(`${failed.length} consumer(s) of ${subject} failed: ${err?.message ?? String(err)}`);
    }
  }

  consume<E extends EventSubject>(subject: E, durableName: string, handler: EventHandler<E>): void {
    const list = this.subscribers.get(subject) ?? [];
    list.push({ durableName, handler: handler });
    this.subscribers.set(subject, list);
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.then(
      () => this.inFlight.delete(p),
      () => this.inFlight.delete(p),
    );
  }

  isReady(): boolean {
    return !this.closing;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
  }
}
