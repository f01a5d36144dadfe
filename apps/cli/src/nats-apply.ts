// `custos nats apply`: creates or updates the JetStream stream and object stores a namespace needs, from the
// definitions the parts use (libs/messaging/src/jetstream-assets.ts), with the replicas the NATS cluster should
// keep. It signs in as storage, the part that owns the events (deploy/nats/README.md): on Kubernetes the Job
// custos-nats-apply reads storage's NKey seed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { ConfigError } from '@custos/config';
import {
  type AppliedAsset,
  applyJetStreamAssets,
  natsAuthOf,
  natsConnectionOptions,
} from '@custos/messaging';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

import type { CliConfig } from './config.js';

export async function natsApply(config: CliConfig, args: string[]): Promise<AppliedAsset[]> {
  const { values } = parseArgs({
    args,
    options: {
      namespace: { type: 'string', default: config.CUSTOS_NAMESPACE },
      replicas: { type: 'string', default: '1' },
    },
  });
  const replicas = Number(values.replicas);
  // JetStream keeps 1, 3 or 5 copies in practice; an even count buys no extra tolerance.
  if (![1, 3, 5].includes(replicas)) throw new ConfigError(['--replicas: 1, 3 or 5']);
  if (!config.NATS_URL) throw new ConfigError(['NATS_URL: required for nats apply']);
  const nc = await connect({
    ...natsConnectionOptions(
      { ...natsAuthOf(config), NATS_URL: config.NATS_URL },
      { namespace: values.namespace, part: 'storage' },
      (path) => readFileSync(path, 'utf8'),
    ),
    name: 'custos-nats-apply',
  });
  try {
    return await applyJetStreamAssets(await jetstreamManager(nc), values.namespace, replicas);
  } finally {
    await nc.close();
  }
}
