import { defineConfig, sharedShape } from '@custos/config';
import { z } from 'zod';

/** Everything ingest reads (docs/configuration.md is made from it). */
export const ingestConfigShape = { ...sharedShape, NATS_URL: z.string().url() };

export const loadIngestConfig = () => defineConfig(ingestConfigShape, process.env);
