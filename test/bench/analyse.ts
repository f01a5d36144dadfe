// Planner statistics before any read figure. Right after a bulk load or a burst of writes,
// pg_class.reltuples is -1 (or stale) until autovacuum gets round to the table, and the planner
// then guesses — issue 13 saw the same read use twice the CPU — so the bench ANALYZEs the parts'
// tables itself, as an installation that has settled would have them.
import type pg from 'pg';

/** ANALYZEs every table of storage and consent; answers a line naming those that had no statistics. */
export async function analyseParts(db: pg.ClientBase | pg.Pool): Promise<string> {
  const { rows } = await db.query<{ name: string; unanalysed: boolean }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.reltuples < 0 AS unanalysed
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('storage', 'consent') AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  for (const { name } of rows) await db.query(`ANALYZE ${name}`);
  const missing = rows.filter((r) => r.unanalysed).map((r) => r.name);
  return (
    `ANALYZEd ${rows.length} tables of storage and consent` +
    (missing.length > 0 ? ` (${missing.length} had no statistics: ${missing.join(', ')})` : '')
  );
}
