import { defineConfig, sharedShape } from '@custos/config';
import { consentShape } from '@custos/consent';
import { dataDirShape } from '@custos/standalone';
import { storageShape } from '@custos/storage';
import { z } from 'zod';

/** A PostgreSQL role name as the roles file and CloudNativePG create them: unquoted-identifier characters. */
const roleName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a role name: lowercase letters, digits and _');

/** Everything the `custos` command reads (docs/configuration.md is made from it). */
export const cliConfigShape = {
  ...sharedShape,
  ...consentShape,
  ...storageShape,
  ...dataDirShape,
  // `custos migrate` grants these roles their part's rights (docs/adr/0007-database-roles.md).
  CUSTOS_DATABASE_STORAGE_ROLE: roleName
    .optional()
    .describe(
      "`custos migrate` grants this role storage's schema and consent's two published views; unset: no grants " +
        '(docs/adr/0007-database-roles.md)',
    ),
  CUSTOS_DATABASE_CONSENT_ROLE: roleName
    .optional()
    .describe("`custos migrate` grants this role consent's schema; unset: no grants"),
};

export const loadCliConfig = () => defineConfig(cliConfigShape, process.env);
export type CliConfig = ReturnType<typeof loadCliConfig>;
