import type { DataSource } from 'typeorm';

/**
 * Runs `work` holding a session-level advisory lock keyed by `name` and the tenant, on a connection of its own: the
 * lock spans the many short transactions of a background round and is let go if the process dies. Answers undefined
 * without running `work` when another replica holds the lock, so replicas need no election.
 */
export async function withTenantSessionLock<T>(
  db: DataSource,
  name: string,
  tenantId: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const key = `hashtextextended($1 || ':' || $2, 0)`;
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query(`SELECT pg_try_advisory_lock(${key}) AS locked`, [name, tenantId])) as {
      locked: boolean;
    }[];
    if (!row!.locked) return undefined;
    try {
      return await work();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${key})`, [name, tenantId]);
    }
  } finally {
    await runner.release();
  }
}
