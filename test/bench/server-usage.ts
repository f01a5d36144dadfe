// What the server spent during a figure, from /proc (Linux): CPU (user + sys) of the Custos
// process(es) and of the PostgreSQL backends serving the bench's database, and the Custos RSS at
// the end. The backends are the ones pg_stat_activity lists for the database before and after the
// figure; a backend that ended in between is missed (the parts keep pooled connections, so few do).
// On a machine without /proc the figure says so and prints no CPU.
import { existsSync, readFileSync } from 'node:fs';

import pg from 'pg';

/** Kernel clock ticks per second of utime/stime in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** user + sys CPU seconds of one process, or undefined when it is gone or /proc is not there. */
function cpuSeconds(pid: number): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = readFileSync(file, 'utf8').split(')').pop()!.trim().split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return undefined;
  }
}

function rssMegabytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export interface Usage {
  /** CPU seconds per wall-clock second (1.0 = one core busy), of Custos and of PostgreSQL. */
  serverCores: number;
  databaseCores: number;
  rssMb: number;
}

export interface UsageProbe {
  /** Starts a window; the returned function ends it and says what the server used in it. */
  start: () => Promise<() => Promise<Usage | undefined>>;
  close: () => Promise<void>;
}

/** Probes the processes `serverPids` and the backends of the database at `databaseUrl`. */
export function usageProbe(serverPids: () => number[], databaseUrl: string): UsageProbe {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const backends = async (): Promise<number[]> => {
    const { rows } = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows.map((r) => r.pid);
  };
  const sample = (pids: number[]): Map<number, number> =>
    new Map(pids.flatMap((pid) => (cpuSeconds(pid) === undefined ? [] : [[pid, cpuSeconds(pid)!]])));
  const spent = (before: Map<number, number>, after: Map<number, number>): number =>
    [...after].reduce((sum, [pid, cpu]) => sum + cpu - (before.get(pid) ?? 0), 0);
  return {
    start: async () => {
      if (!existsSync('/proc/self/stat')) return async () => undefined;
      const started = performance.now();
      const servers = serverPids();
      const serverBefore = sample(servers);
      const databaseBefore = sample(await backends());
      return async () => {
        const seconds = (performance.now() - started) / 1000;
        const databaseAfter = sample([...new Set([...databaseBefore.keys(), ...(await backends())])]);
        return {
          serverCores: spent(serverBefore, sample(servers)) / seconds,
          databaseCores: spent(databaseBefore, databaseAfter) / seconds,
          rssMb: servers.reduce((sum, pid) => sum + rssMegabytes(pid), 0),
        };
      };
    },
    close: () => db.end(),
  };
}
