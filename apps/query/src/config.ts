import { defineConfig, sharedShape } from '@custos/config';
import { z } from 'zod';

/** Query settings as every composition root reads them (standalone generates a missing cursor key). */
export const queryShape = {
  /** Signs `more` cursors (HMAC-SHA256): 32+ random characters, e.g. openssl rand -hex 32. */
  CUSTOS_CURSOR_KEY: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
};

export const loadQueryConfig = () =>
  defineConfig(
    {
      ...sharedShape,
      ...queryShape,
      NATS_URL: z.string().url(),
      // Every query replica must check the cursors another one signed, so none is generated here.
      CUSTOS_CURSOR_KEY: z
        .string({ error: 'is required in distributed mode: 32+ random characters (openssl rand -hex 32)' })
        .min(32, 'must be at least 32 characters (openssl rand -hex 32)'),
    },
    process.env,
  );
