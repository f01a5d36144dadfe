import { defineConfig, sharedShape } from '@custos/config';
import { consentShape } from '@custos/consent';
import { storageShape } from '@custos/storage';
import { z } from 'zod';

/** A PostgreSQL role name as the roles file and CloudNativePG create them: unquoted-identifier characters. */
const roleName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a role name: lowercase letters, digits and _');

export const loadCliConfig = () =>
  defineConfig(
    {
      ...sharedShape,
      ...consentShape,
      ...storageShape,
      CUSTOS_DATA_DIR: z.string().default('./data'),
      // `custos migrate` grants these roles their part's rights (docs/adr/0007-database-roles.md).
      CUSTOS_DATABASE_STORAGE_ROLE: roleName.optional(),
      CUSTOS_DATABASE_CONSENT_ROLE: roleName.optional(),
    },
    process.env,
  );
export type CliConfig = ReturnType<typeof loadCliConfig>;
