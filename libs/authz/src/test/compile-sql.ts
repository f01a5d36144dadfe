import type { AccessFilter } from '../access-filter.js';
import { SqlParams } from '../sql-params.js';
import { type AccessColumn, accessFilterToSql } from '../to-sql.js';

/**
 * `accessFilterToSql` into a statement that already has `firstParam - 1` parameters: the fragment's text and the
 * values it added, for tests that compare both.
 */
export function compileSql(
  filter: AccessFilter,
  columns: Readonly<Record<string, AccessColumn>>,
  firstParam = 1,
): { sql: string; params: unknown[] } {
  const params = new SqlParams();
  for (let i = 1; i < firstParam; i++) params.add(`leading ${i}`);
  const sql = accessFilterToSql(filter, columns, params);
  return { sql, params: params.values.slice(firstParam - 1) };
}
