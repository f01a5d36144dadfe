// MessageBus for standalone mode: every part lives in one process, so a request is a function
// call. Payloads still go through JSON and the contract schemas, so a handler sees exactly what
// it would see over NATS and the two modes cannot drift apart.
import {
  DomainError,
  type EventOf,
  type EventSubject,
  type ReplyOf,
  type RequestOf,
  type RequestSubject,
  ServiceUnavailableError,
} from '@custos/contracts';
import type { Logger } from 'pino';

import { fromWireError, parseEvent, parseReply, parseRequest, toWireError } from './codec.js';
import { type EventHandler, MessageBus, type RequestHandler } from './message-bus.js';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

export class InProcessBus extends MessageBus {
  private readonly handlers = new Map<string, RequestHandler<RequestSubject>>();
  private readonly subscribers = new Map<string, EventHandler<EventSubject>[]>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly logger: Logger) {
    super();
  }

  async request<S extends RequestSubject>(subject: S, payload: RequestOf<S>): Promise<ReplyOf<S>> {
    const handler = this.handlers.get(subject) as RequestHandler<S> | undefined;
    if (!handler || this.closing) throw new ServiceUnavailableError(`no handler for ${subject}`);
    const work = (async () => {
      try {
        return roundTrip(await handler(parseRequest(subject, roundTrip(payload)) as RequestOf<S>));
      } catch (err) {
        const wire = toWireError(err);
        if (!(err instanceof DomainError)) {
          this.logger.error({ subject, err: (err as Error)?.stack ?? String(err) }, 'handler failed');
        }
        throw fromWireError(wire);
      }
    })();
    this.track(work);
    return parseReply(subject, await work) as ReplyOf<S>;
  }

  serve<S extends RequestSubject>(subject: S, handler: RequestHandler<S>): void {
    if (this.handlers.has(subject)) throw new Error(`${subject} already has a handler`);
    this.handlers.set(subject, handler);
  }

  async publish<E extends EventSubject>(subject: E, event: EventOf<E>): Promise<void> {
    const payload = roundTrip(event);
    for (const handler of this.subscribers.get(subject) ?? []) {
      this.track(
        (async () => {
          try {
            await handler(parseEvent(subject, payload));
          } catch (err) {
            this.logger.error({ subject, err: (err as Error).message }, 'event handler failed');
          }
        })(),
      );
    }
  }

  consume<E extends EventSubject>(subject: E, _durableName: string, handler: EventHandler<E>): void {
    const list = this.subscribers.get(subject) ?? [];
    list.push(handler);
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
