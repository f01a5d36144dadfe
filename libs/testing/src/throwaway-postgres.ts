// A PostgreSQL server of a test's own, which it may stop and start (an outage) without disturbing anything else
// on the machine: initdb into a temporary directory, pg_ctl on a free port. Needs the PostgreSQL server binaries
// (Debian's postgresql package); run as root, the server runs as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './wait.js';

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  start: () => void;
  /** A fast shutdown: open connections are ended (57P01), new ones refused. */
  stop: () => void;
  close: () => void;
}

/** The directory holding initdb and pg_ctl, or null when the server binaries are not installed. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const dir = versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'pg_ctl')));
  return dir ?? null;
}

export interface ThrowawayPostgresOptions {
  /** Files written into the data directory (mode 0600) before the first start, e.g. a server certificate. */
  files?: Record<string, string>;
  /** Server settings (`-c name=value`); relative file names are relative to the data directory. */
  settings?: Record<string, string>;
}

export async function startThrowawayPostgres(
  options: ThrowawayPostgresOptions = {},
): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('the PostgreSQL server binaries are not installed');
  const dir = mkdtempSync(join(tmpdir(), 'custos-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, tool),
      asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args,
      {
        stdio: 'ignore',
      },
    );
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  for (const [name, content] of Object.entries(options.files ?? {})) {
    const file = join(data, name);
    writeFileSync(file, content, { mode: 0o600 });
    if (asRoot) chownSync(file, Number(execFileSync('id', ['-u', 'postgres']).toString()), -1);
  }
  const settings = Object.entries(options.settings ?? {}).map(([k, v]) => ` -c ${k}=${v}`);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off${settings.join('')}`;
  const start = () => run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', serverOptions, 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    close: () => {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
