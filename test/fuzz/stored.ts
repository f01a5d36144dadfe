// "Nothing stored from refused input", checked in the database itself: every statement, document,
// attachment, person, group, policy, grant and objection of the fuzzed tenants must be one that a
// 2xx answer acknowledged (or that the set-up made). A row nobody acknowledged came from a request
// that was refused (4xx), failed (5xx) or got no answer.
import pg from 'pg';

import type { Acknowledged } from './runner.js';

export interface StoredFinding {
  table: string;
  id: string;
}

const TABLES: { table: string; key: keyof Acknowledged; column: string }[] = [
  { table: 'storage.statement', key: 'statements', column: 'statement_id::text' },
  { table: 'storage.document', key: 'documents', column: 'document_id' },
  { table: 'storage.attachment', key: 'attachments', column: 'sha2' },
  { table: 'consent.person', key: 'person', column: 'id::text' },
  { table: 'consent.people_group', key: 'group', column: 'id::text' },
  { table: 'consent.policy', key: 'policy', column: 'id::text' },
  { table: 'consent.consent_grant', key: 'grant', column: 'id::text' },
  { table: 'consent.objection', key: 'objection', column: 'id::text' },
];

export async function storedFromRefused(
  databaseUrl: string,
  tenants: string[],
  acknowledged: Acknowledged,
): Promise<StoredFinding[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const found: StoredFinding[] = [];
    for (const { table, key, column } of TABLES) {
      const { rows } = await client.query<{ id: string }>(
        `SELECT DISTINCT ${column} AS id FROM ${table} WHERE tenant_id = ANY($1::text[])`,
        [tenants],
      );
      for (const { id } of rows) if (!acknowledged[key].has(id)) found.push({ table, id });
    }
    return found;
  } finally {
    await client.end();
  }
}
