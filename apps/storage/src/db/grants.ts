// What storage's runtime role may do in PostgreSQL (docs/adr/0007-database-roles.md): the rows of its own
// schema. Its read of consent's two published views is granted by consent, which publishes them.
import { ownSchemaGrants, type RoleGrants } from '@custos/platform';

import { KEYS_SCHEMA, STORAGE_SCHEMA } from './data-source.js';

export const storageRoleGrants = (role: string): RoleGrants => ({
  role,
  setting: 'CUSTOS_DATABASE_STORAGE_ROLE',
  statements: [
    ...ownSchemaGrants(STORAGE_SCHEMA, role),
    // The key store has no migrations table of its own (storage's migrations create it): the same grants without
    // the last one, which protects that table.
    ...ownSchemaGrants(KEYS_SCHEMA, role).filter((s) => !s.includes('"migrations"')),
  ],
});
