// Messages larger than NATS allows (max_payload, 1 MB by default) travel through a JetStream
// Object Store: the sender puts the encoded payload in a bucket named after the namespace and
// sends a small envelope whose header names the object; the receiver fetches it. Request and
// reply objects are read once, so the receiver deletes them; event objects may be read by several
// durable consumers, so they stay until the bucket's TTL. The TTLs also clear whatever a crash
// between put and delete leaves behind.
import { createHash, randomUUID } from 'node:crypto';

import { DomainError, ServiceUnavailableError } from '@custos/contracts';
import type { JetStreamClient } from '@nats-io/jetstream';
import { type ObjectStore, Objm, setSha256Backend, StorageType } from '@nats-io/obj';
import { headers, type MsgHdrs, nanos } from '@nats-io/transport-node';

/** Header of an envelope whose payload waits in the object store under this name. */
export const PAYLOAD_OBJECT_HEADER = 'Custos-Payload-Object';
/**
 * SHA-256 of the stored payload, on the envelope: the bucket is shared by the parts (deploy/nats/README.md), so the
 * receiver takes the object only if it is what the sender put there.
 */
export const PAYLOAD_DIGEST_HEADER = 'Custos-Payload-Sha256';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Payloads above this size go through the object store unless told otherwise. */
export const DEFAULT_LARGE_PAYLOAD_BYTES = 512 * 1024;

/** A request or reply is read within its timeout; this only bounds what crashes leave behind. */
const TRANSIENT_TTL_MS = 15 * 60 * 1000;
/** Event objects must outlive a consumer that is down for a while (events are durable). */
const EVENT_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type PayloadKind = 'transient' | 'event';

/** The bucket of a payload kind; namespace characters are already valid bucket characters. */
export const payloadBucketName = (namespace: string, kind: PayloadKind): string =>
  kind === 'event' ? `${namespace}-event-payloads` : `${namespace}-payloads`;

/** A bucket's settings; the replicas come from where it is created (one by a part, more by `custos nats apply`). */
export const payloadBucketOptions = (kind: PayloadKind) => ({
  storage: StorageType.File,
  ttl: nanos(kind === 'event' ? EVENT_TTL_MS : TRANSIENT_TTL_MS),
  description: `Custos ${kind} payloads above max_payload`,
});

export interface Outgoing {
  data: Uint8Array;
  headers?: MsgHdrs;
  /** Set when the payload went to the object store (so the sender can clean up on failure). */
  objectName?: string;
}

export class LargePayloads {
  private readonly stores = new Map<PayloadKind, Promise<ObjectStore>>();

  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: string,
    /** Largest payload sent inline; bigger ones go through the object store. */
    private readonly threshold: number,
  ) {
    // Object hashes are SHA-256; node:crypto is many times faster than the pure-JS default.
    setSha256Backend('native');
  }

  bucketName(kind: PayloadKind): string {
    return payloadBucketName(this.namespace, kind);
  }

  /** Inline when small; otherwise stored, and an empty envelope carries the object's name. */
  async prepare(data: Uint8Array, kind: PayloadKind, base?: MsgHdrs): Promise<Outgoing> {
    if (data.length <= this.threshold) return { data, ...(base ? { headers: base } : {}) };
    const name = randomUUID();
    await unavailableOnFailure(async () => {
      const store = await this.store(kind);
      await store.putBlob({ name }, data);
    });
    const h = base ?? headers();
    h.set(PAYLOAD_OBJECT_HEADER, name);
    h.set(PAYLOAD_DIGEST_HEADER, sha256(data));
    return { data: new Uint8Array(0), headers: h, objectName: name };
  }

  /** The payload of a received message: its data, or the object its envelope names. */
  async resolve(msg: { data: Uint8Array; headers?: MsgHdrs }, kind: PayloadKind): Promise<Uint8Array> {
    const name = msg.headers?.get(PAYLOAD_OBJECT_HEADER);
    if (!name) return msg.data;
    const data = await unavailableOnFailure(async () => (await this.store(kind)).getBlob(name));
    if (data === null) {
      // Expired (TTL) or already taken: the sender's side must try again, like any transport loss.
      throw new ServiceUnavailableError('a large message expired before it was read; try again');
    }
    // Request and reply objects have exactly one reader: this one.
    if (kind === 'transient') await this.discard(name);
    if (sha256(data) !== msg.headers?.get(PAYLOAD_DIGEST_HEADER)) {
      // Changed in the bucket after it was put (or an envelope from before digests): not what was sent.
      throw new ServiceUnavailableError('a large message did not match what its sender stored; try again');
    }
    return data;
  }

  /** Best-effort removal (the TTL catches what this misses). */
  async discard(name: string): Promise<void> {
    try {
      await (await this.store('transient')).delete(name);
    } catch {
      // Nothing to do: the bucket's TTL removes the object.
    }
  }

  private store(kind: PayloadKind): Promise<ObjectStore> {
    let store = this.stores.get(kind);
    if (!store) {
      store = this.open(kind);
      this.stores.set(kind, store);
      // A failed open (NATS away) must not stick: the next message tries again.
      void store.catch(() => this.stores.delete(kind));
    }
    return store;
  }

  private async open(kind: PayloadKind): Promise<ObjectStore> {
    const objm = new Objm(this.js);
    const name = this.bucketName(kind);
    const options = payloadBucketOptions(kind);
    try {
      return await objm.create(name, options);
    } catch (err) {
      // Another part may have created the bucket between our look-up and our create.
      return objm.open(name).catch(() => {
        throw err;
      });
    }
  }
}

/** A JetStream fault while moving a large payload is a transport failure: 503, like a timeout. */
async function unavailableOnFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new ServiceUnavailableError('the large-message store is unavailable; try again shortly');
  }
}
