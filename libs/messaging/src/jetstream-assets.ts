// The JetStream assets a namespace needs — the events stream and the two large-payload buckets — declared once
// here. The parts create what is missing when they start (with one replica: enough for a single server), and
// `custos nats apply` creates or updates them with the replicas a cluster needs (deploy/nats/README.md). The file
// deploy/nats/stream-custos-events.json is this stream for namespace "custos" with three replicas, kept equal by
// test/deploy/deploy.spec.ts.
import { eventStreamName, Events } from '@custos/contracts';
import {
  DiscardPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { nanos } from '@nats-io/transport-node';

import { payloadBucketName, type PayloadKind, payloadBucketOptions } from './large-payloads.js';

/** How long an event is kept: as long as the event payloads it may point to (large-payloads.ts). */
export const EVENT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Events published twice within this window (the outbox relay after a crash) are stored once. */
export const EVENT_DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

export type EventStreamConfig = Pick<
  StreamConfig,
  | 'name'
  | 'description'
  | 'subjects'
  | 'retention'
  | 'storage'
  | 'num_replicas'
  | 'discard'
  | 'max_age'
  | 'duplicate_window'
>;

/** The events stream of `namespace`: facts that must not be lost, kept a week. */
export function eventStreamConfig(namespace: string, replicas = 1): EventStreamConfig {
  return {
    name: eventStreamName(namespace),
    description: `Custos durable events (namespace ${namespace}): facts that must not be lost`,
    subjects: Object.keys(Events).map((s) => `${namespace}.${s}`),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: replicas,
    discard: DiscardPolicy.Old,
    max_age: nanos(EVENT_MAX_AGE_MS),
    duplicate_window: nanos(EVENT_DUPLICATE_WINDOW_MS),
  };
}

export type AssetAction = 'created' | 'updated' | 'unchanged';
export interface AppliedAsset {
  kind: 'stream' | 'object store';
  name: string;
  action: AssetAction;
  /** The settings that were changed, when updated. */
  changed?: string[];
}

/** The fields of `want` whose value differs in `have` (subjects compared as sets). */
function differences(want: Record<string, unknown>, have: Record<string, unknown>): string[] {
  const sorted = (v: unknown[]): string => JSON.stringify(v.map(String).sort());
  const same = (a: unknown, b: unknown): boolean =>
    Array.isArray(a) && Array.isArray(b) ? sorted(a as unknown[]) === sorted(b as unknown[]) : a === b;
  return Object.keys(want).filter((k) => !same(want[k], have[k]));
}

const isNotFound = (err: unknown): boolean => err instanceof Error && /stream not found/i.test(err.message);

async function applyStream(jsm: JetStreamManager, want: EventStreamConfig): Promise<AppliedAsset> {
  const asset = { kind: 'stream' as const, name: want.name };
  const have = await jsm.streams.info(want.name).then(
    (info) => info.config,
    (err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    },
  );
  if (!have) {
    await jsm.streams.add(want);
    return { ...asset, action: 'created' };
  }
  if (have.storage !== want.storage || have.retention !== want.retention) {
    // JetStream cannot change these in place: the stream must be rebuilt (docs/operations.md).
    throw new Error(
      `${want.name}: storage or retention differs from what Custos needs and cannot be changed in place; ` +
        'rebuild the stream (docs/operations.md, "Rebuilding the JetStream stream")',
    );
  }
  const changed = differences(want, have);
  if (changed.length === 0) return { ...asset, action: 'unchanged' };
  await jsm.streams.update(want.name, { ...have, ...want });
  return { ...asset, action: 'updated', changed };
}

async function applyBucket(
  jsm: JetStreamManager,
  objm: Objm,
  namespace: string,
  kind: PayloadKind,
  replicas: number,
): Promise<AppliedAsset> {
  const name = payloadBucketName(namespace, kind);
  const asset = { kind: 'object store' as const, name };
  const options = { ...payloadBucketOptions(kind), replicas };
  const stream = `OBJ_${name}`;
  const have = await jsm.streams.info(stream).then(
    (info) => info.config,
    (err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    },
  );
  if (!have) {
    await objm.create(name, options);
    return { ...asset, action: 'created' };
  }
  const want = { max_age: options.ttl, num_replicas: replicas, description: options.description };
  const changed = differences(want, have);
  if (changed.length === 0) return { ...asset, action: 'unchanged' };
  await jsm.streams.update(stream, { ...have, ...want });
  return { ...asset, action: 'updated', changed };
}

/**
 * Creates what is missing of a namespace's JetStream assets and brings the rest to their declared settings
 * (replicas, retention age, subjects). Idempotent: a second run reports every asset unchanged.
 */
export async function applyJetStreamAssets(
  jsm: JetStreamManager,
  namespace: string,
  replicas: number,
): Promise<AppliedAsset[]> {
  const objm = new Objm(jsm.jetstream());
  return [
    await applyStream(jsm, eventStreamConfig(namespace, replicas)),
    await applyBucket(jsm, objm, namespace, 'transient', replicas),
    await applyBucket(jsm, objm, namespace, 'event', replicas),
  ];
}
