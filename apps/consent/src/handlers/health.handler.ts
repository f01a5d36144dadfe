import { MessageBus } from '@custos/messaging';
import { databaseReady } from '@custos/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';

@Injectable()
export class ConsentHealth implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    @Inject(CONSENT_DB) private readonly db: DataSource,
  ) {}

  async check(): Promise<Record<string, boolean>> {
    return { database: await databaseReady(this.db), messaging: this.bus.isReady() };
  }

  onModuleInit(): void {
    this.bus.serve('consent.v1.health.check', async () => {
      const checks = await this.check();
      return { service: 'consent', ready: Object.values(checks).every(Boolean), checks };
    });
  }
}
