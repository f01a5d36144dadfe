import { defineConfig, sharedShape } from '@custos/config';
import { z } from 'zod';

export const loadQueryConfig = () =>
  defineConfig({ ...sharedShape, NATS_URL: z.string().url() }, process.env);
