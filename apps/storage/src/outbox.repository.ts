// Outbox rows: events committed with their data, deleted once JetStream has them.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB, type Tx } from './db/transaction.js';

export interface OutboxMessage {
  id: string;
  subject: string;
  payload: Record<string, unknown>;
}

@Injectable()
export class OutboxRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  async add(tx: Tx, message: OutboxMessage): Promise<void> {
    await tx.manager.query(`INSERT INTO storage.outbox (id, subject, payload) VALUES ($1, $2, $3)`, [
      message.id,
      message.subject,
      JSON.stringify(message.payload),
    ]);
  }

  /** Messages older than `olderThanMs`: their first publish attempt failed or never ran. */
  async pending(olderThanMs: number, limit: number): Promise<OutboxMessage[]> {
    return this.db.query(
      `SELECT id, subject, payload FROM storage.outbox
        WHERE created_at < now() - ($1::int * interval '1 millisecond') ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }

  async remove(id: string): Promise<void> {
    await this.db.query(`DELETE FROM storage.outbox WHERE id = $1`, [id]);
  }
}
