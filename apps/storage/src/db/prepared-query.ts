// Hot statements whose best plan does not depend on their values (the statement write, the audit log's
// append and sequencing), as named (prepared) statements: PostgreSQL
// parses and plans a named statement once per connection and may then reuse a generic plan, where an unnamed
// one is parsed and planned on every call. Only for statements whose plan is the same whatever the values (the
// statement write); never for a read whose filter values decide between plans (statement.repository.ts).
import { createHash } from 'node:crypto';

import type { UnitOfWork } from '@custos/platform';

/**
 * How many distinct SQL texts get a name. A text depends on the shape of the request's filters (never on
 * their values), so a working set stays well under this; past it, texts run unnamed, so a stream of unusual
 * shapes cannot grow every connection's statement cache without bound.
 */
const MAX_NAMED_TEXTS = 500;
const names = new Map<string, string>();

function nameOf(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED_TEXTS) return known;
  // The same name always means the same text (node-postgres refuses a name reused for another text).
  const name = `custos_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
  names.set(text, name);
  return name;
}

/** The part of node-postgres's client this uses. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Runs `text` in the unit of work's transaction as a named statement; answers its rows. */
export async function preparedQuery<R>(uow: UnitOfWork, text: string, values: unknown[]): Promise<R[]> {
  const runner = uow.manager.queryRunner;
  const name = nameOf(text);
  if (runner === undefined || name === undefined) return uow.manager.query(text, values);
  // The transaction's own connection: TypeORM's query() has no way to name a statement.
  const client = (await runner.connect()) as PgClient;
  return (await client.query({ name, text, values })).rows as R[];
}
