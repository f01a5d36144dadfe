// Scheduled retention runs (docs/privacy-operations.md "Retention"): every CUSTOS_RETENTION_PURGE_EVERY seconds,
// purge each tenant that has rules. Every storage replica runs it; the tenant's purge lock makes a second
// replica's turn a no-op, so none needs to be elected.
import { LOGGER } from '@custos/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';

import { RETENTION_OPTIONS, type RetentionOptions } from './retention-options.js';
import { RETENTION_PURGE_SCHEDULE, RetentionService } from './retention.service.js';

@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
    private readonly retention: RetentionService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.purgeEverySeconds !== undefined) this.schedule(this.options.purgeEverySeconds);
  }

  async onModuleDestroy(): Promise<void> {
    // Before the database closes: let a batch in flight finish.
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round over the tenants that have rules. */
  async runOnce(): Promise<void> {
    for (const tenantId of await this.retention.tenantsWithRules()) {
      if (this.stopped) return;
      await this.retention
        .run(tenantId, RETENTION_PURGE_SCHEDULE)
        .catch((err: unknown) => this.failed(err, tenantId));
    }
  }

  // One timer at a time, re-armed after each round, so a slow round never overlaps the next.
  private schedule(seconds: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.failed(err))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(seconds);
        });
    }, seconds * 1000);
    this.timer.unref();
  }

  private failed(err: unknown, tenantId?: string): void {
    // Tenant ids are not learner data; the message of a database error names no learner either.
    this.logger.error({ tenantId, err: (err as Error)?.message ?? String(err) }, 'retention run failed');
  }
}
