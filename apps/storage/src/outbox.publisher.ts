// Publishes committed events to JetStream. The outbox row is written in the data's own
// transaction; publishing happens after commit, and a relay retries whatever a crash left.
import { type EventOf, type EventSubject } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { LOGGER } from '@custos/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

import type { Tx } from './db/transaction.js';
import { OutboxRepository } from './outbox.repository.js';

const RELAY_EVERY_MS = 5_000;

@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly staged = new Map<string, { subject: EventSubject; payload: EventOf<EventSubject> }>();
  private relaying = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async stage<E extends EventSubject>(
    tx: Tx,
    subject: E,
    payload: EventOf<E> & { messageId: string },
  ): Promise<void> {
    await this.outbox.add(tx, { id: payload.messageId, subject, payload });
    this.staged.set(payload.messageId, { subject, payload });
  }

  /** Publishes a staged event now that its transaction committed; failures are left to the relay. */
  publishSoon(messageId: string): void {
    const staged = this.staged.get(messageId);
    this.staged.delete(messageId);
    if (!staged) return;
    void this.publish(messageId, staged.subject, staged.payload);
  }

  private async publish(id: string, subject: EventSubject, payload: EventOf<EventSubject>): Promise<void> {
    try {
      // The message id doubles as the JetStream dedupe id, so a relay retry is harmless.
      await this.bus.publish(subject, payload, id);
      await this.outbox.remove(id);
    } catch (err) {
      this.logger.warn({ subject, err: (err as Error).message }, 'event publish deferred to relay');
    }
  }

  async relay(): Promise<number> {
    if (this.relaying) return 0;
    this.relaying = true;
    try {
      const pending = await this.outbox.pending(RELAY_EVERY_MS, 100);
      for (const m of pending) {
        await this.publish(m.id, m.subject as EventSubject, m.payload as EventOf<EventSubject>);
      }
      return pending.length;
    } finally {
      this.relaying = false;
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.relay().catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message }, 'outbox relay failed'),
      );
    }, RELAY_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
