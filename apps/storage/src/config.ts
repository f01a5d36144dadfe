import { defineConfig, sharedShape } from '@custos/config';
import { z } from 'zod';

export const loadStorageConfig = () =>
  defineConfig(
    {
      ...sharedShape,
      NATS_URL: z.string().url(),
      DATABASE_URL: z.string().min(1),
      CUSTOS_STORAGE__POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    },
    process.env,
  );
export type StorageConfig = ReturnType<typeof loadStorageConfig>;
