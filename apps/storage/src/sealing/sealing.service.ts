// Sealing as the rest of storage uses it: statements sealed before they are written, every read unsealed right
// after its SELECT (so every path — queries, exports, conflict checks, erasure's rewrite — sees the JSON as it was
// written), documents sealed under their agent's key, and an erasure's destruction of the person's keys.
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { seal, tryOpen } from './aead.js';
import { DataKeys } from './data-keys.js';
import type { Queryable } from './key-store.repository.js';
import { type DataKey, hashesToSeal, keyIdsOf, sealStatement, unsealStatement } from './statement-seal.js';

type Json = Record<string, unknown>;

const documentAad = (tenantId: string, keyId: string) => `custos document v1:${tenantId}:${keyId}`;

@Injectable()
export class Sealing {
  constructor(private readonly keys: DataKeys) {}

  /**
   * `rows` with their payloads sealed (one key-store round trip at most for the whole batch, none when its
   * identifiers' keys are cached). `keyOf` may override the key of some hashes (erasure's retained statements).
   */
  async sealRows<T extends { payload: Json }>(
    tenantId: string,
    rows: readonly T[],
    override?: (hash: string) => DataKey | undefined,
  ): Promise<T[]> {
    const hashes = new Set<string>();
    for (const row of rows) for (const h of hashesToSeal(row.payload)) if (!override?.(h)) hashes.add(h);
    if (hashes.size === 0 && !override) return [...rows];
    const keys = await this.keys.forWrite(tenantId, [...hashes]);
    const keyOf = (hash: string) => override?.(hash) ?? keys.get(hash)!;
    return rows.map((row) => ({ ...row, payload: sealStatement(tenantId, row.payload, keyOf) }));
  }

  /** The payloads as written, from their sealed form; one key-store query in `q` for the keys not cached. */
  async unsealAll(q: Queryable, tenantId: string, payloads: readonly Json[]): Promise<Json[]> {
    const ids = new Set<string>();
    for (const p of payloads) for (const id of keyIdsOf(p)) ids.add(id);
    if (ids.size === 0) return [...payloads];
    const deks = await this.keys.forRead(q, tenantId, [...ids]);
    return payloads.map((p) => unsealStatement(tenantId, p, (id) => deks.get(id)));
  }

  /** Makes sure these identifiers have data keys (created and committed now) and that they are cached. */
  async prepareKeys(tenantId: string, hashes: readonly string[]): Promise<void> {
    await this.keys.forWrite(tenantId, hashes);
  }

  /** A document's content sealed under its agent's data key, and that key's id (kept in the row). */
  async sealDocument(
    tenantId: string,
    agentIfiHash: string,
    content: Buffer,
  ): Promise<{ content: Buffer; keyId: string }> {
    const key = (await this.keys.forWrite(tenantId, [agentIfiHash])).get(agentIfiHash)!;
    return { content: seal(key.dek, documentAad(tenantId, key.keyId), content), keyId: key.keyId };
  }

  /**
   * A document's content as written; `undefined` when its key is gone (the document then does not exist for any
   * read). Plain when `keyId` is null (stored before sealing, or an Activity Profile).
   */
  async openDocument(
    q: Queryable,
    tenantId: string,
    keyId: string | null,
    content: Buffer,
  ): Promise<Buffer | undefined> {
    if (keyId === null) return content;
    const dek = (await this.keys.forRead(q, tenantId, [keyId])).get(keyId);
    return dek && tryOpen(dek, documentAad(tenantId, keyId), content);
  }

  /**
   * An erasure's crypto-shredding, in its transaction: the data keys of the person's identifiers are destroyed (so
   * every backup of their sealed data is unreadable once the key store's older backups have expired), and the
   * erasure is recorded in the key store (ids and a count). How many keys were destroyed.
   */
  async shred(
    uow: UnitOfWork,
    tenantId: string,
    erasure: { erasureId: string; personId: string | null },
    hashes: readonly string[],
  ): Promise<number> {
    const destroyed = await this.keys.destroy(uow, tenantId, hashes);
    await this.keys.recordErasure(uow, tenantId, erasure, destroyed);
    return destroyed;
  }

  /**
   * Fresh keys for a narrowed erasure's retained statements, one per erased identifier, looked up under the
   * erasure (never under the identifier's hash): the record a legal obligation keeps stays readable, while the
   * person's own key, and with it everything else in older backups, is destroyed.
   */
  async retentionKeys(
    tenantId: string,
    erasureId: string,
    hashes: readonly string[],
  ): Promise<Map<string, DataKey>> {
    const lookup = (hash: string) => `retained:${erasureId}:${hash}`;
    const keys = await this.keys.forWrite(tenantId, hashes.map(lookup));
    return new Map(hashes.map((h) => [h, keys.get(lookup(h))!]));
  }
}
