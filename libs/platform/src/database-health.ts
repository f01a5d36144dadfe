// The health of a part that owns a database, written once: storage and consent differ only in their
// name and their DataSource's token.
import { MessageBus, type PartWithHealth, serveHealth } from '@custos/messaging';
import { Inject, Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { databaseReady } from './database.js';

export interface DatabaseHealth extends OnModuleInit {
  /** `{ database }`: whether the database answers with every migration applied. */
  check(): Promise<Record<string, boolean>>;
}

/**
 * The health provider of `part`, whose DataSource is Nest's `token`: it answers `<part>.v1.health.check`
 * on the bus (which adds whether the bus is connected), and its `check()` is the part's own /readyz.
 * A part names its own: `export class StorageHealth extends databaseHealth('storage', STORAGE_DB) {}`.
 */
export function databaseHealth(part: PartWithHealth, token: string): Type<DatabaseHealth> {
  @Injectable()
  class PartHealth implements DatabaseHealth {
    constructor(
      private readonly bus: MessageBus,
      @Inject(token) private readonly db: DataSource,
    ) {}

    async check(): Promise<Record<string, boolean>> {
      return { database: await databaseReady(this.db) };
    }

    onModuleInit(): void {
      serveHealth(this.bus, part, () => this.check());
    }
  }
  return PartHealth;
}
