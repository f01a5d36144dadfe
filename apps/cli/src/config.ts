import { defineConfig, sharedShape } from '@custos/config';
import { consentShape } from '@custos/consent';
import { storageShape } from '@custos/storage';
import { z } from 'zod';

export const loadCliConfig = () =>
  defineConfig(
    { ...sharedShape, ...consentShape, ...storageShape, CUSTOS_DATA_DIR: z.string().default('./data') },
    process.env,
  );
export type CliConfig = ReturnType<typeof loadCliConfig>;
