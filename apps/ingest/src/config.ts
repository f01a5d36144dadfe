import { defineConfig, sharedShape } from '@custos/config';
import { z } from 'zod';

export const loadIngestConfig = () =>
  defineConfig({ ...sharedShape, NATS_URL: z.string().url() }, process.env);
