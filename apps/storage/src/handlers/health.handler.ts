import { MessageBus } from '@custos/messaging';
import { databaseReady } from '@custos/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB } from '../db/transaction.js';

@Injectable()
export class StorageHealth implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    @Inject(STORAGE_DB) private readonly db: DataSource,
  ) {}

  /** Ready when the database answers with every migration applied and the bus is connected. */
  async check(): Promise<Record<string, boolean>> {
    return { database: await databaseReady(this.db), messaging: this.bus.isReady() };
  }

  onModuleInit(): void {
    this.bus.serve('storage.v1.health.check', async () => {
      const checks = await this.check();
      return { service: 'storage', ready: Object.values(checks).every(Boolean), checks };
    });
  }
}
