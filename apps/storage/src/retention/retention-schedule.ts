// Scheduled retention runs (docs/privacy-operations.md "Retention"): every CUSTOS_RETENTION_PURGE_EVERY seconds,
// purge each tenant that has rules.
import { LOGGER } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { TenantRounds } from '../core/index.js';
import { RETENTION_OPTIONS, type RetentionOptions } from './retention-options.js';
import { RETENTION_PURGE_SCHEDULE, RetentionService } from './retention.service.js';

@Injectable()
export class RetentionSchedule extends TenantRounds {
  constructor(
    @Inject(RETENTION_OPTIONS) options: RetentionOptions,
    private readonly retention: RetentionService,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(options.purgeEverySeconds, 'retention run', logger);
  }

  protected tenants(): Promise<string[]> {
    return this.retention.tenantsWithRules();
  }

  protected runTenant(tenantId: string): Promise<unknown> {
    return this.retention.run(tenantId, RETENTION_PURGE_SCHEDULE);
  }
}
