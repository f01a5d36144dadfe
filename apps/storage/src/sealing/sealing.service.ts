// Sealing as the rest of storage uses it: statements sealed before they are written, every read unsealed right
// after its SELECT (so every path — queries, exports, conflict checks, erasure's rewrite — sees the JSON as it was
// written), documents sealed under their agent's key, and an erasure's destruction of the person's keys.
import { seal, tryOpen, type UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { DataKeys } from './data-keys.js';
import type { Queryable } from './key-store.repository.js';
import { type DataKey, hashesToSeal, keyIdsOf, sealStatement, unsealStatement } from './statement-seal.js';

type Json = Record<string, unknown>;

const documentAad = (tenantId: string, keyId: string) => `custos document v1:${tenantId}:${keyId}`;
const attachmentAad = (tenantId: string, sha2: string, keyId: string) =>
  `custos attachment v1:${tenantId}:${sha2}:${keyId}`;

/** Attachment data as a write received it, with the data subjects of the statements that carry it. */
export interface AttachmentToSeal {
  sha2: string;
  contentType: string;
  content: Buffer;
  /** The identifier hashes of the carrying statements' data subjects: one sealed copy under each one's key. */
  subjects: readonly string[];
  /** Whether a carrying statement has no data subject: then a plain copy is kept too. */
  plain: boolean;
}

/** One stored copy of attachment data: sealed under the data key `keyId`, or plain (`keyId` null). */
export interface AttachmentCopy {
  sha2: string;
  contentType: string;
  /** Octets of the attachment (before sealing). */
  length: number;
  content: Buffer;
  keyId: string | null;
}

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
   * The copies to store of each attachment: one sealed under the data key of each data subject of the statements
   * that carry it (so erasing one of them leaves it readable for the others, and a backup holds nothing of the
   * erased one's that opens), and a plain one where a carrying statement has no data subject. One key-store round
   * trip at most for the whole batch (none when the keys are cached, as they are after {@link sealRows}).
   */
  async sealAttachments(tenantId: string, parts: readonly AttachmentToSeal[]): Promise<AttachmentCopy[]> {
    const hashes = new Set(parts.flatMap((p) => p.subjects));
    const keys =
      hashes.size > 0 ? await this.keys.forWrite(tenantId, [...hashes]) : new Map<string, DataKey>();
    return parts.flatMap((part) => {
      const sealed = this.sealAttachmentUnder(
        tenantId,
        part,
        [...new Set(part.subjects)].map((hash) => keys.get(hash)!),
      );
      const plain = { sha2: part.sha2, contentType: part.contentType, length: part.content.length };
      return part.plain ? [{ ...plain, keyId: null, content: part.content }, ...sealed] : sealed;
    });
  }

  /** An attachment's copies sealed under each of `keys` (erasure: a retained statement's, under its retention keys). */
  sealAttachmentUnder(
    tenantId: string,
    part: { sha2: string; contentType: string; content: Buffer },
    keys: readonly DataKey[],
  ): AttachmentCopy[] {
    return keys.map(({ keyId, dek }) => ({
      sha2: part.sha2,
      contentType: part.contentType,
      length: part.content.length,
      keyId,
      content: seal(dek, attachmentAad(tenantId, part.sha2, keyId), part.content),
    }));
  }

  /**
   * Attachment data from its stored copies: for each SHA-2 the plain copy, or any sealed copy whose key still
   * exists; none when every key is gone (erased). One key-store query in `q` for the keys not cached.
   */
  async openAttachments(
    q: Queryable,
    tenantId: string,
    copies: readonly AttachmentCopy[],
  ): Promise<{ sha2: string; contentType: string; content: Buffer }[]> {
    const ids = new Set(copies.flatMap((c) => (c.keyId === null ? [] : [c.keyId])));
    const deks = ids.size > 0 ? await this.keys.forRead(q, tenantId, [...ids]) : new Map<string, Buffer>();
    const opened = new Map<string, { sha2: string; contentType: string; content: Buffer }>();
    for (const copy of copies) {
      if (opened.has(copy.sha2)) continue;
      const dek = copy.keyId === null ? undefined : deks.get(copy.keyId);
      const content =
        copy.keyId === null
          ? copy.content
          : dek && tryOpen(dek, attachmentAad(tenantId, copy.sha2, copy.keyId), copy.content);
      if (content) opened.set(copy.sha2, { sha2: copy.sha2, contentType: copy.contentType, content });
    }
    return [...opened.values()].sort((a, b) => (a.sha2 < b.sha2 ? -1 : a.sha2 > b.sha2 ? 1 : 0));
  }

  /**
   * An erasure's crypto-shredding, in its transaction: the data keys of the person's identifiers are destroyed (so
   * every backup of their sealed data is unreadable once the key store's older backups have expired), and the
   * erasure is recorded in the key store (ids and a count). The destroyed keys' ids (what was sealed under them,
   * such as attachment copies, can then go from the live database too).
   */
  async shred(
    uow: UnitOfWork,
    tenantId: string,
    erasure: { erasureId: string; personId: string | null },
    hashes: readonly string[],
  ): Promise<string[]> {
    const destroyed = await this.keys.destroy(uow, tenantId, hashes);
    await this.keys.recordErasure(uow, tenantId, erasure, destroyed.length);
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
