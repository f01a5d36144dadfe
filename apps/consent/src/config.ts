import { defineConfig, sharedShape } from '@custos/config';
import { z } from 'zod';

export const consentShape = {
  CUSTOS_PUBLIC_URL: z.string().url().default('http://127.0.0.1:8080'),
  CUSTOS_BOOTSTRAP_KEY: z
    .string()
    .regex(/^[^:]+$/, 'must not contain ":"')
    .optional(),
  CUSTOS_BOOTSTRAP_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
  CUSTOS_CONSENT__POOL_SIZE: z.coerce.number().int().min(1).max(200).default(5),
};

export const loadConsentConfig = () =>
  defineConfig(
    { ...sharedShape, ...consentShape, NATS_URL: z.string().url(), DATABASE_URL: z.string().min(1) },
    process.env,
  );
