// Tests that run against the shared NATS server use a namespace of their own; this removes the
// JetStream streams that namespace made, so runs leave nothing behind.
import { eventStreamName } from '@custos/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** Deletes `namespace`'s event stream and its object stores for large payloads (those absent are skipped). */
export async function deleteNamespaceStreams(natsUrl: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for (const stream of [
      eventStreamName(namespace),
      `OBJ_${namespace}-payloads`,
      `OBJ_${namespace}-event-payloads`,
    ]) {
      await jsm.streams.delete(stream).catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
}
