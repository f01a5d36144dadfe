// The one way parts talk to each other. Two implementations share this contract: NATS for the
// distributed mode and an in-process bus for standalone, so the same handlers run in both.
import type { EventOf, EventSubject, Part, ReplyOf, RequestOf, RequestSubject } from '@custos/contracts';

import type { PrincipalGate, RefusalRecorder } from './principal-gate.js';

export type RequestHandler<S extends RequestSubject> = (request: RequestOf<S>) => Promise<ReplyOf<S>>;
export type EventHandler<E extends EventSubject> = (event: EventOf<E>) => Promise<void>;

export interface RequestOptions {
  timeoutMs?: number;
}

export abstract class MessageBus {
  /** Sends a request and waits for the typed reply; a remote DomainError is rethrown as such. */
  abstract request<S extends RequestSubject>(
    subject: S,
    payload: RequestOf<S>,
    options?: RequestOptions,
  ): Promise<ReplyOf<S>>;

  /** Answers requests on a subject; replicas of a part share them (queue group). */
  abstract serve<S extends RequestSubject>(subject: S, handler: RequestHandler<S>): void;

  /** Publishes an event durably (JetStream): resolves once the server has stored it. */
  abstract publish<E extends EventSubject>(subject: E, event: EventOf<E>, messageId: string): Promise<void>;

  /** Consumes an event with a durable consumer; the handler must be idempotent. */
  abstract consume<E extends EventSubject>(subject: E, durableName: string, handler: EventHandler<E>): void;

  /** True while the transport can carry messages (readiness). */
  abstract isReady(): boolean;

  /**
   * Resolves once every subscription made so far is in place, so a request another process sends afterwards finds
   * its responder. In-process: at once; NATS overrides it (one round trip to the server).
   */
  async flush(): Promise<void> {}

  /** Stops taking new messages, lets in-flight handlers finish, then closes. */
  abstract close(): Promise<void>;

  /** Checks and carries signed principals (ADR 0006). */
  protected abstract readonly principals: PrincipalGate;

  /**
   * How `part` records a request it refused for its principal assertion, as a security event in the tenant's
   * audit chain (each part registers its own way to reach the chain).
   */
  onPrincipalRefused(part: Part, recorder: RefusalRecorder): void {
    this.principals.onRefused(part, recorder);
  }
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
