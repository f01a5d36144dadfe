import { defineConfig, sharedShape } from '@custos/config';
import { z } from 'zod';

/** Storage settings as every composition root reads them (standalone and the CLI generate missing keys). */
export const storageShape = {
  CUSTOS_STORAGE__POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Pseudonymises learners in the audit log: 32+ random bytes as hex (docs/audit.md). */
  CUSTOS_AUDIT_PSEUDONYM_KEY: z.string().min(1).optional(),
  /** PKCS8 PEM Ed25519 key signing audit checkpoints (docs/audit.md). */
  CUSTOS_AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  /** Seconds between signed checkpoints of each tenant's chain head, when it moved (docs/audit.md). */
  CUSTOS_AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(300),
  /** Days audit records are kept before pruning; unset: kept for ever (docs/audit.md "Retention"). */
  CUSTOS_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
};

export const loadStorageConfig = () =>
  defineConfig(
    {
      ...sharedShape,
      ...storageShape,
      NATS_URL: z.string().url(),
      DATABASE_URL: z.string().min(1),
      // Every storage replica must use the same keys, so none is generated here (docs/audit.md).
      CUSTOS_AUDIT_PSEUDONYM_KEY: z
        .string({ error: 'is required in distributed mode: 32+ random bytes as hex (openssl rand -hex 32)' })
        .min(1),
      CUSTOS_AUDIT_SIGNING_KEY: z
        .string({
          error:
            'is required in distributed mode: the PKCS8 PEM Ed25519 key audit checkpoints are signed with ' +
            '(openssl genpkey -algorithm ed25519)',
        })
        .min(1),
    },
    process.env,
  );
export type StorageConfig = ReturnType<typeof loadStorageConfig>;
