// Runtime database roles (docs/adr/0007-database-roles.md): the migration role owns each part's schema and
// grants a part's runtime role what it needs to read and write that schema's rows, never to change its shape.
// The grants are re-applied by every migration run, as the owner, so tables a later migration creates are
// covered twice over: by the default privileges set here and by the next run's `ON ALL TABLES`.
import { ConfigError } from '@custos/config';
import type { DataSource } from 'typeorm';

/** A role name as SQL, double-quoted. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The grants of one runtime role, applied by the migration run that owns the objects they name. */
export interface RoleGrants {
  role: string;
  /** What the role is called in configuration, for the error when it is the migration role itself. */
  setting: string;
  statements: string[];
}

/**
 * Lets `role` read and write the rows of every table in `schema`, present and future (tables the running
 * migration role creates later), and use its sequences; not create, alter or drop anything, and not write the
 * schema's migrations table (it may read it: readiness checks for pending migrations).
 */
export function ownSchemaGrants(schema: string, role: string): string[] {
  const s = quoteIdent(schema);
  const r = quoteIdent(role);
  return [
    `REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r}`,
    `REVOKE INSERT, UPDATE, DELETE ON ${s}."migrations" FROM ${r}`,
  ];
}

/**
 * Applies `grants` in one transaction as the connected (migration) role. A runtime role that is the migration
 * role itself is refused: the grants would mean nothing, and the REVOKE on the migrations table would stop it
 * from migrating.
 */
export async function applyRoleGrants(ds: DataSource, grants: RoleGrants[]): Promise<void> {
  if (grants.length === 0) return;
  const rows: { current: string }[] = await ds.query('SELECT current_user AS current');
  const current = rows[0]!.current;
  const same = grants.filter((g) => g.role === current).map((g) => g.setting);
  if (same.length > 0) {
    throw new ConfigError(
      [...new Set(same)].map(
        (s) => `${s}: is the role migrations run as (${current}); name the part's own role`,
      ),
    );
  }
  await ds.transaction(async (em) => {
    for (const g of grants) for (const sql of g.statements) await em.query(sql);
  });
}
