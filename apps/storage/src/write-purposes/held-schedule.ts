// The periodic job of held statements (docs/privacy-operations.md "Write purposes"): every
// CUSTOS_HOLD_MAINTAIN_EVERY seconds, for each tenant that holds statements, release those whose learners have a
// basis now (a safety net behind the consent event) and drop those past their deadline.
import { LOGGER } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { TenantRounds } from '../core/index.js';
import { WRITE_PURPOSE_OPTIONS, type WritePurposeOptions } from './write-purpose-options.js';
import { WritePurposesService } from './write-purposes.service.js';

@Injectable()
export class HeldSchedule extends TenantRounds {
  constructor(
    @Inject(WRITE_PURPOSE_OPTIONS) options: WritePurposeOptions,
    private readonly purposes: WritePurposesService,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(options.maintainEverySeconds, 'held statements round', logger);
  }

  protected tenants(): Promise<string[]> {
    return this.purposes.tenantsWithHeld();
  }

  protected runTenant(tenantId: string): Promise<unknown> {
    return this.purposes.maintain(tenantId);
  }
}
