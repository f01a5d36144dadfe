// A nats-server of the test's own with the shipped configuration (deploy/nats/custos.conf): JetStream in a
// temporary directory, on a free port, with a fresh NKey per part generated at run time. The tests of the bus's
// trust boundaries run the five parts against it (startCluster's `partEnv`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Part } from '@custos/contracts';
import { generatePartKeys, natsConnectionOptions, type PartKey } from '@custos/messaging';
import { connect, type ConnectionOptions } from '@nats-io/transport-node';

import { repoRoot } from './processes.js';
import { freePort, waitFor } from './wait.js';

/** The binary; NATS_SERVER_BIN overrides it. */
const natsServerBin = (): string => process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export interface SecuredNats {
  /** nats://127.0.0.1:<port>, with no credentials in it. */
  url: string;
  /** The namespace the shipped configuration is for. */
  namespace: string;
  keys: Record<Part, PartKey>;
  /** Each part's environment: NATS_URL and its own CUSTOS_NATS_NKEY_SEED. */
  partEnv: Record<Part, Record<string, string>>;
  /** Connection options that authenticate as `part`, with its inbox prefix (for tests that play a part). */
  as: (part: Part) => ConnectionOptions;
  /** The server's output (permission violations are logged there). */
  logs: () => string;
  stop: () => Promise<void>;
}

export async function startSecuredNats(): Promise<SecuredNats> {
  const bin = natsServerBin();
  if (!existsSync(bin)) throw new Error(`${bin} is missing: set NATS_SERVER_BIN to a nats-server binary`);
  const namespace = 'custos';
  const generated = generatePartKeys(namespace);
  const keys = Object.fromEntries(generated.map((k) => [k.part, k])) as Record<Part, PartKey>;
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'custos-nats-'));
  const child = spawn(
    bin,
    [
      ...['-c', `${repoRoot}deploy/nats/custos.conf`, '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir],
      // Every message in the log, to see what the parts really use (how deploy/nats's set was found).
      ...(process.env.CUSTOS_NATS_TRACE ? ['-V'] : []),
    ],
    {
      // Only the public keys: the server never sees a seed.
      env: {
        PATH: process.env.PATH ?? '',
        ...Object.fromEntries(generated.map((k) => [k.serverVariable, k.publicKey])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
    if (!process.env.CUSTOS_NATS_TRACE && output.length > 400_000) output = output.slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(storeDir, { recursive: true, force: true });
  };
  const url = `nats://127.0.0.1:${port}`;
  const as = (part: Part): ConnectionOptions =>
    natsConnectionOptions(
      { NATS_URL: url, CUSTOS_NATS_NKEY_SEED: keys[part].seed },
      { namespace, part },
      () => {
        throw new Error('no files');
      },
    );
  try {
    await waitFor('the secured nats-server to accept the gateway', async () => {
      if (child.exitCode !== null) throw new Error('nats-server exited');
      const nc = await connect(as('gateway'));
      await nc.close();
      return true;
    });
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  const partEnv = Object.fromEntries(
    generated.map((k) => [k.part, { NATS_URL: url, CUSTOS_NATS_NKEY_SEED: k.seed }]),
  ) as unknown as Record<Part, Record<string, string>>;
  return { url, namespace, keys, partEnv, as, logs: () => output, stop };
}
