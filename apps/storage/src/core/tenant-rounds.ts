// A background job that visits tenants one by one every few seconds (retention purges, held statements). Every storage
// replica runs it; the job's own per-tenant lock (withTenantSessionLock) makes a second replica's turn a no-op.
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';

export abstract class TenantRounds implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  protected constructor(
    /** Seconds between rounds; undefined turns the job off. */
    private readonly everySeconds: number | undefined,
    /** Said in the log line of a failed round. */
    private readonly what: string,
    private readonly logger: Logger,
  ) {}

  /** The tenants this round visits. */
  protected abstract tenants(): Promise<string[]>;
  /** The work for one tenant. */
  protected abstract runTenant(tenantId: string): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (this.everySeconds !== undefined) this.schedule(this.everySeconds);
  }

  async onModuleDestroy(): Promise<void> {
    // Before the database closes: let a batch in flight finish.
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round over the tenants; a tenant's failure is logged and the round goes on. */
  async runOnce(): Promise<void> {
    for (const tenantId of await this.tenants()) {
      if (this.stopped) return;
      await this.runTenant(tenantId).catch((err: unknown) => this.failed(err, tenantId));
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
    this.logger.error({ tenantId, err: (err as Error)?.message ?? String(err) }, `${this.what} failed`);
  }
}
