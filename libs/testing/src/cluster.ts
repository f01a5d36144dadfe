// The distributed mode as separate processes: five parts over a real NATS and PostgreSQL.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { spawnNode, type RunningProcess } from './processes.js';
import { freePort, waitFor } from './wait.js';

export type PartName = 'gateway' | 'ingest' | 'storage' | 'consent' | 'query';

export interface ClusterOptions {
  databaseUrl: string;
  natsUrl: string;
  /** Isolates this cluster's subjects and stream from any other on the same NATS. */
  namespace?: string;
  env?: Record<string, string>;
  /** Each part's own settings on top of `env` (its NATS credentials from startSecuredNats, its own DATABASE_URL). */
  partEnv?: Partial<Record<PartName, Record<string, string>>>;
}

export interface Cluster {
  baseUrl: string;
  /** The gateway's internal health port: its /readyz says which part is ready (the public /readyz does not). */
  gatewayHealthUrl: string;
  namespace: string;
  /**
   * The environment every part was started with (its keys included): e.g. `custos audit verify` against the
   * cluster's database, or a test signing a principal assertion as the gateway does (ADR 0006).
   */
  env: Readonly<Record<string, string>>;
  processes: Map<PartName, RunningProcess>;
  /** Each part's internal port (/healthz, /readyz, /metrics), the gateway's included; the latest copy's. */
  healthPorts: Map<PartName, number>;
  /** Starts another copy of a part (NATS queue groups share the work) and waits until it is ready. */
  addReplica: (part: Exclude<PartName, 'gateway'>) => Promise<RunningProcess>;
  /** Starts another gateway on a port of its own, sharing the other parts; resolves to its base URL once ready. */
  addGateway: () => Promise<string>;
  restart: (part: PartName) => Promise<void>;
  waitReady: () => Promise<void>;
  logs: () => string;
  stop: () => Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const namespace = options.namespace ?? `t${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const gatewayHealthPort = await freePort();
  const gatewayHealthUrl = `http://127.0.0.1:${gatewayHealthPort}`;
  const principalKey = generateKeyPairSync('ed25519');
  const env: Record<string, string> = {
    NATS_URL: options.natsUrl,
    DATABASE_URL: options.databaseUrl,
    CUSTOS_NAMESPACE: namespace,
    CUSTOS_LOG_LEVEL: 'warn',
    CUSTOS_HOST: '127.0.0.1',
    CUSTOS_PUBLIC_URL: baseUrl,
    PORT: String(port),
    // Distributed consent refuses to start without the key people's tokens are signed with.
    CUSTOS_JWT_PRIVATE_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    // Distributed storage refuses to start without the audit log's keys (docs/audit.md).
    CUSTOS_AUDIT_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    CUSTOS_AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    // The gateway signs principals, every part verifies them (docs/adr/0006-signed-principals.md).
    CUSTOS_PRINCIPAL_SIGNING_KEY: principalKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    CUSTOS_PRINCIPAL_VERIFY_KEYS: principalKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    // Distributed query refuses to start without the key `more` cursors are signed with.
    CUSTOS_CURSOR_KEY: randomBytes(32).toString('hex'),
    ...options.env,
  };
  const processes = new Map<PartName, RunningProcess>();
  const healthPorts = new Map<PartName, number>();
  const replicas: RunningProcess[] = [];
  const logs = () =>
    [...processes.entries()].map(([part, p]) => `--- ${part}\n${p.output()}`).join('\n') +
    replicas.map((p, i) => `--- replica ${i}\n${p.output()}`).join('\n');

  /**
   * Starts a copy of a part and, for the parts behind the bus, waits on its own health port: the
   * gateway's /readyz could be answered by another copy of the same part.
   */
  const spawnPart = async (part: PartName): Promise<RunningProcess> => {
    const own = { ...env, ...options.partEnv?.[part] };
    if (part === 'gateway') {
      healthPorts.set(part, gatewayHealthPort);
      return spawnNode(`dist/apps/${part}/src/main.js`, {
        ...own,
        CUSTOS_HEALTH_PORT: String(gatewayHealthPort),
      });
    }
    const healthPort = await freePort();
    healthPorts.set(part, healthPort);
    const p = spawnNode(`dist/apps/${part}/src/main.js`, { ...own, CUSTOS_HEALTH_PORT: String(healthPort) });
    try {
      await waitFor(
        `${part} to be ready`,
        async () => (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status === 200,
      );
    } catch (err) {
      await p.stop();
      throw new Error(`${(err as Error).message}\n${p.output()}`);
    }
    return p;
  };
  const waitReady = async () => {
    try {
      // The internal readiness: the public /readyz is ready as soon as the gateway reaches NATS.
      await waitFor('the gateway to report every part ready', async () => {
        const res = await fetch(`${gatewayHealthUrl}/readyz`);
        return res.status === 200;
      });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${logs()}`);
    }
  };
  const cluster: Cluster = {
    baseUrl,
    gatewayHealthUrl,
    namespace,
    env,
    processes,
    healthPorts,
    addReplica: async (part) => {
      const p = await spawnPart(part);
      replicas.push(p);
      return p;
    },
    addGateway: async () => {
      const gatewayPort = await freePort();
      const url = `http://127.0.0.1:${gatewayPort}`;
      const p = spawnNode('dist/apps/gateway/src/main.js', { ...env, PORT: String(gatewayPort) });
      replicas.push(p);
      try {
        await waitFor(
          'the added gateway to be ready',
          async () => (await fetch(`${url}/readyz`)).status === 200,
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}\n${p.output()}`);
      }
      return url;
    },
    restart: async (part) => {
      await processes.get(part)!.stop();
      processes.set(part, await spawnPart(part));
      await waitReady();
    },
    waitReady,
    logs,
    stop: async () => {
      // The edge first, so nothing new comes in while the others drain.
      await processes.get('gateway')?.stop();
      await Promise.all([...replicas, ...[...processes.values()]].map((p) => p.stop()));
    },
  };
  try {
    // Storage and consent first (migrations and bootstrap), then the rest side by side.
    for (const part of ['storage', 'consent'] as const) processes.set(part, await spawnPart(part));
    const rest = ['ingest', 'query', 'gateway'] as const;
    const started = await Promise.all(rest.map((part) => spawnPart(part)));
    rest.forEach((part, i) => processes.set(part, started[i]!));
    await waitReady();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
