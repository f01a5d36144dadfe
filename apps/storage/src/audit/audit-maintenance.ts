// The audit log's housekeeping on a timer (docs/audit.md "Verifying the log", "Retention"): sign a checkpoint of
// every tenant's chain that moved, and prune records past the retention period. Every storage replica runs it;
// the tenant's head lock makes a second replica's turn a no-op, so none needs to be elected.
import { LOGGER } from '@custos/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';

import { AuditCheckpointService } from './audit-checkpoint.service.js';
import { AuditRetentionService, RETENTION_SCHEDULE } from './audit-retention.service.js';

export interface AuditMaintenanceOptions {
  /** Seconds between rounds (CUSTOS_AUDIT_CHECKPOINT_EVERY). */
  checkpointEverySeconds: number;
  /** Days records are kept (CUSTOS_AUDIT_RETENTION_DAYS); absent: for ever. */
  retentionDays?: number;
}

export const AUDIT_MAINTENANCE = Symbol('AUDIT_MAINTENANCE');

@Injectable()
export class AuditMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(AUDIT_MAINTENANCE) private readonly options: AuditMaintenanceOptions | null,
    private readonly checkpoints: AuditCheckpointService,
    private readonly retention: AuditRetentionService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options) this.schedule(this.options.checkpointEverySeconds);
  }

  async onModuleDestroy(): Promise<void> {
    // Before the database closes (the database module closes it at shutdown, after this): let a round in flight finish.
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round: checkpoints first, so what pruning verifies is as signed as can be. */
  async runOnce(): Promise<void> {
    for (const tenantId of await this.checkpoints.tenantsDue()) {
      if (this.stopped) return;
      await this.checkpoints
        .checkpointIfMoved(tenantId)
        .catch((err: unknown) => this.failed('checkpoint', err));
    }
    const days = this.options?.retentionDays;
    if (days === undefined) return;
    for (const tenantId of await this.retention.tenantsDue(days)) {
      if (this.stopped) return;
      await this.retention
        .prune(tenantId, days, RETENTION_SCHEDULE)
        .catch((err: unknown) => this.failed('retention', err, tenantId));
    }
  }

  // One timer at a time, re-armed after each round, so a slow round never overlaps the next.
  private schedule(seconds: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.failed('round', err))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(seconds);
        });
    }, seconds * 1000);
    this.timer.unref();
  }

  private failed(step: string, err: unknown, tenantId?: string): void {
    // Tenant ids are not learner data; a broken chain is for operators to see at once.
    this.logger.error(
      { step, tenantId, err: (err as Error)?.message ?? String(err) },
      'audit maintenance failed',
    );
  }
}
