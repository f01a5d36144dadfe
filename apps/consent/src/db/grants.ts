// What consent's runtime role may do in PostgreSQL, and what consent lets storage read
// (docs/adr/0007-database-roles.md, docs/adr/0004-consent-views-for-storage.md).
import { ownSchemaGrants, quoteIdent, type RoleGrants } from '@custos/platform';

import { CONSENT_SCHEMA } from './data-source.js';

/** The views consent publishes for storage's access filter (ADR 0004): their columns are a contract. */
export const CONSENT_PUBLISHED_VIEWS = [
  'active_grant_subject',
  'objection_subject',
  'write_purpose',
] as const;

/** The function storage's page query calls to check the access version its rules were built at (ADR 0011). */
export const CONSENT_PUBLISHED_FUNCTIONS = ['access_version_is(text, bigint)'] as const;

export const consentRoleGrants = (role: string): RoleGrants => ({
  role,
  setting: 'CUSTOS_DATABASE_CONSENT_ROLE',
  statements: ownSchemaGrants(CONSENT_SCHEMA, role),
});

/**
 * Lets storage's runtime role read the two published views, and call the access version check, and nothing else
 * of consent. The views and the function run with their owner's (the migration role's) rights on consent's
 * tables, so no table is granted.
 */
export const consentViewReaderGrants = (storageRole: string): RoleGrants => {
  const r = quoteIdent(storageRole);
  const views = CONSENT_PUBLISHED_VIEWS.map((v) => `${quoteIdent(CONSENT_SCHEMA)}.${quoteIdent(v)}`);
  return {
    role: storageRole,
    setting: 'CUSTOS_DATABASE_STORAGE_ROLE',
    statements: [
      `GRANT USAGE ON SCHEMA ${quoteIdent(CONSENT_SCHEMA)} TO ${r}`,
      `GRANT SELECT ON ${views.join(', ')} TO ${r}`,
      ...CONSENT_PUBLISHED_FUNCTIONS.map(
        (f) => `GRANT EXECUTE ON FUNCTION ${quoteIdent(CONSENT_SCHEMA)}.${f} TO ${r}`,
      ),
    ],
  };
};
