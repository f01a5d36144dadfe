// The periodic job of held statements (docs/privacy-operations.md "Write purposes"): every
// CUSTOS_HOLD_MAINTAIN_EVERY seconds, for each tenant that holds statements, release those whose learners have a
// basis now (a safety net behind the consent event) and drop those past their deadline. Every storage replica runs
// it; the tenant's hold lock makes a second replica's turn a no-op, so none needs to be elected.
import { LOGGER } from '@custos/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';

import { WRITE_PURPOSE_OPTIONS, type WritePurposeOptions } from './write-purpose-options.js';
import { WritePurposesService } from './write-purposes.service.js';

@Injectable()
export class HeldSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(WRITE_PURPOSE_OPTIONS) private readonly options: WritePurposeOptions,
    private readonly purposes: WritePurposesService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.maintainEverySeconds !== undefined) this.schedule(this.options.maintainEverySeconds);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round over the tenants that hold statements. */
  async runOnce(): Promise<void> {
    for (const tenantId of await this.purposes.tenantsWithHeld()) {
      if (this.stopped) return;
      await this.purposes.maintain(tenantId).catch((err: unknown) => this.failed(err, tenantId));
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
    this.logger.error(
      { tenantId, err: (err as Error)?.message ?? String(err) },
      'held statements round failed',
    );
  }
}
