// Data keys (DEKs): one per identifier of a tenant, created the first time the identifier is written, kept
// wrapped in the key store and cached unwrapped in this process (docs/adr/0013, part 2).
//
// The cache is bounded and short-lived on purpose. Erasure destroys keys in one replica's transaction and evicts
// them there; another replica may keep a destroyed key for at most CACHE_TTL_MS. In that window it can only open
// what the live database no longer holds (the erasure deleted or rewrote every row under the key in the same
// transaction), and a write of the erased identifier arriving there would be sealed under the destroyed key and
// read back as the stand-in. After it, every look-up goes to the key store, where the key is gone.
import { randomBytes, randomUUID } from 'node:crypto';

import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { KeyStoreRepository, type Queryable, type WrappedKeyRow } from './key-store.repository.js';
import type { DataKey } from './statement-seal.js';
import { TENANT_KEYS, type TenantKeys } from './tenant-keys.js';

/** How long an unwrapped key is trusted without the key store (the window above). */
export const CACHE_TTL_MS = 30_000;
/** Keys kept unwrapped per cache; the least recently used go first. About 100 bytes each. */
const CACHE_ENTRIES = 100_000;

/** A bounded map whose entries expire; a hit moves the entry to the young end (least recently used out first). */
export class ExpiringLru<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.until <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

const cacheKey = (tenantId: string, id: string) => `${tenantId}\n${id}`;

@Injectable()
export class DataKeys {
  private readonly byHash = new ExpiringLru<DataKey>(CACHE_TTL_MS, CACHE_ENTRIES);
  private readonly byId = new ExpiringLru<Buffer>(CACHE_TTL_MS, CACHE_ENTRIES);

  constructor(
    private readonly store: KeyStoreRepository,
    @Inject(TENANT_KEYS) private readonly tenantKeys: TenantKeys,
  ) {}

  /**
   * The data key of each identifier hash, created where there is none. Outside any transaction on purpose (the
   * pool, autocommit): a key must exist once a process caches it, even if the write that asked for it rolls back.
   * Race-safe across replicas: INSERT … ON CONFLICT DO NOTHING, then the stored rows are read back and used.
   */
  async forWrite(tenantId: string, hashes: readonly string[]): Promise<Map<string, DataKey>> {
    const found = new Map<string, DataKey>();
    const missing: string[] = [];
    for (const hash of new Set(hashes)) {
      const kept = this.byHash.get(cacheKey(tenantId, hash));
      if (kept) found.set(hash, kept);
      else missing.push(hash);
    }
    if (missing.length === 0) return found;
    const pool = this.store.pool;
    let rows = await this.store.byHashes(pool, tenantId, missing);
    const minted = new Map<string, Buffer>();
    const stored = new Set(rows.map((r) => r.ifi_hash));
    const absent = missing.filter((h) => !stored.has(h));
    if (absent.length > 0) {
      const fresh = await Promise.all(
        absent.map(async (hash): Promise<WrappedKeyRow> => {
          const dek = randomBytes(32);
          const keyId = randomUUID();
          minted.set(keyId, dek);
          const wrapped = await this.tenantKeys.wrap(tenantId, dek);
          return { ifi_hash: hash, key_id: keyId, wrapped_key: wrapped, kek_id: this.tenantKeys.kekId };
        }),
      );
      const ours = await this.store.insertMissing(pool, tenantId, fresh);
      // A concurrent writer's key won the race for the others: the stored one is the key (read back).
      const lost = absent.filter((h) => !ours.has(h));
      rows = [
        ...rows,
        ...fresh.filter((r) => ours.has(r.ifi_hash)),
        ...(lost.length > 0 ? await this.store.byHashes(pool, tenantId, lost) : []),
      ];
    }
    for (const row of rows) {
      const dek = minted.get(row.key_id) ?? (await this.unwrap(tenantId, row));
      const key = { keyId: row.key_id, dek };
      this.byHash.set(cacheKey(tenantId, row.ifi_hash), key);
      this.byId.set(cacheKey(tenantId, row.key_id), dek);
      found.set(row.ifi_hash, key);
    }
    return found;
  }

  /**
   * The data keys of these key ids that still exist (an erased one is simply absent): one key-store query for all
   * that are not cached, in `q` (the read's own transaction).
   */
  async forRead(q: Queryable, tenantId: string, keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const id of new Set(keyIds)) {
      const kept = this.byId.get(cacheKey(tenantId, id));
      if (kept) found.set(id, kept);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    for (const row of await this.store.byKeyIds(q, tenantId, missing)) {
      const dek = await this.unwrap(tenantId, row);
      this.byId.set(cacheKey(tenantId, row.key_id), dek);
      found.set(row.key_id, dek);
    }
    return found;
  }

  /**
   * Destroys the data keys of these lookups in the erasure's transaction, and forgets them here at once (other
   * replicas: within CACHE_TTL_MS). Answers the destroyed keys' ids.
   */
  async destroy(uow: UnitOfWork, tenantId: string, lookups: readonly string[]): Promise<string[]> {
    const keyIds = await this.store.destroy(uow, tenantId, lookups);
    for (const hash of lookups) this.byHash.delete(cacheKey(tenantId, hash));
    for (const id of keyIds) this.byId.delete(cacheKey(tenantId, id));
    return keyIds;
  }

  /** The erasure's row in the key store (ids and a count), in its transaction. */
  recordErasure(
    uow: UnitOfWork,
    tenantId: string,
    erasure: { erasureId: string; personId: string | null },
    destroyed: number,
  ): Promise<void> {
    return this.store.recordErasure(uow, tenantId, erasure.erasureId, erasure.personId, destroyed);
  }

  private unwrap(tenantId: string, row: WrappedKeyRow): Promise<Buffer> {
    return this.tenantKeys.unwrap(tenantId, row.wrapped_key);
  }
}
