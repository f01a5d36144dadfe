import { MessageBus, serveHealth } from '@custos/messaging';
import { databaseReady } from '@custos/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB } from '../db/data-source.js';

/** Ready when the database answers with every migration applied (and the bus is connected). */
@Injectable()
export class StorageHealth implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    @Inject(STORAGE_DB) private readonly db: DataSource,
  ) {}

  async check(): Promise<Record<string, boolean>> {
    return { database: await databaseReady(this.db) };
  }

  onModuleInit(): void {
    serveHealth(this.bus, 'storage', () => this.check());
  }
}
