// Every SQL statement on the key store (schema `keys`, migration 1799001000000). Reads and key creation take a
// `Queryable`: a read's own transaction, or the pool (a new key commits at once, see data-keys.ts).
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import type { UnitOfWork } from '@custos/platform';

import { STORAGE_DB } from '../core/index.js';

/** The pool or a transaction's manager: both answer query(). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface WrappedKeyRow {
  ifi_hash: string;
  key_id: string;
  wrapped_key: string;
  kek_id: string;
}

/** An erasure as the key store keeps it: ids and a count, nothing about the person. */
export interface RecordedErasure {
  tenant_id: string;
  erasure_id: string;
  person_id: string;
  keys_destroyed: number;
}

@Injectable()
export class KeyStoreRepository {
  constructor(@Inject(STORAGE_DB) readonly pool: DataSource) {}

  /** The data keys of these identifiers (those that have one). */
  async byHashes(q: Queryable, tenantId: string, hashes: readonly string[]): Promise<WrappedKeyRow[]> {
    return (await q.query(
      `SELECT ifi_hash, key_id::text AS key_id, wrapped_key, kek_id FROM keys.data_key
        WHERE tenant_id = $1 AND ifi_hash = ANY($2::text[])`,
      [tenantId, [...hashes]],
    )) as WrappedKeyRow[];
  }

  /** The data keys of these key ids that still exist. */
  async byKeyIds(q: Queryable, tenantId: string, keyIds: readonly string[]): Promise<WrappedKeyRow[]> {
    return (await q.query(
      `SELECT ifi_hash, key_id::text AS key_id, wrapped_key, kek_id FROM keys.data_key
        WHERE tenant_id = $1 AND key_id = ANY($2::uuid[])`,
      [tenantId, [...keyIds]],
    )) as WrappedKeyRow[];
  }

  /**
   * Stores the keys no identifier has yet; answers the identifiers whose key this stored. A concurrent writer's key
   * for the same identifier wins (the caller reads those back). One statement for the whole batch.
   */
  async insertMissing(q: Queryable, tenantId: string, rows: readonly WrappedKeyRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = (await q.query(
      `INSERT INTO keys.data_key (tenant_id, ifi_hash, key_id, wrapped_key, kek_id)
       SELECT $1, r.ifi_hash, r.key_id, r.wrapped_key, r.kek_id
         FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[]) AS r(ifi_hash, key_id, wrapped_key, kek_id)
       ON CONFLICT (tenant_id, ifi_hash) DO NOTHING
       RETURNING ifi_hash`,
      [
        tenantId,
        rows.map((r) => r.ifi_hash),
        rows.map((r) => r.key_id),
        rows.map((r) => r.wrapped_key),
        rows.map((r) => r.kek_id),
      ],
    )) as { ifi_hash: string }[];
    return new Set(inserted.map((r) => r.ifi_hash));
  }

  /** Deletes the data keys of these lookups in the erasure's transaction; their key ids. */
  async destroy(uow: UnitOfWork, tenantId: string, lookups: readonly string[]): Promise<string[]> {
    if (lookups.length === 0) return [];
    const rows: { key_id: string }[] = await uow.manager.query(
      // In a WITH, so the driver answers the rows (a bare DELETE … RETURNING answers [rows, count]).
      `WITH gone AS (DELETE FROM keys.data_key WHERE tenant_id = $1 AND ifi_hash = ANY($2::text[]) RETURNING key_id)
       SELECT key_id::text AS key_id FROM gone`,
      [tenantId, [...lookups]],
    );
    return rows.map((r) => r.key_id);
  }

  /**
   * The erasures the key store records (of one tenant, or all), oldest first: whom to erase again after the data
   * was restored from a backup taken before them (`custos erasure replay`).
   */
  async recordedErasures(tenantId?: string): Promise<RecordedErasure[]> {
    return this.pool.query<RecordedErasure[]>(
      `SELECT tenant_id, erasure_id::text AS erasure_id, person_id::text AS person_id, keys_destroyed
         FROM keys.erasure
        WHERE person_id IS NOT NULL AND ($1::text IS NULL OR tenant_id = $1)
        ORDER BY tenant_id, erased_at, erasure_id`,
      [tenantId ?? null],
    );
  }

  /** The erasure's row in the key store (ids and a count), kept when the data is restored from an older backup. */
  async recordErasure(
    uow: UnitOfWork,
    tenantId: string,
    erasureId: string,
    personId: string | null,
    keysDestroyed: number,
  ): Promise<void> {
    await uow.manager.query(
      `INSERT INTO keys.erasure (tenant_id, erasure_id, person_id, keys_destroyed) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, erasure_id) DO NOTHING`,
      [tenantId, erasureId, personId, keysDestroyed],
    );
  }
}
