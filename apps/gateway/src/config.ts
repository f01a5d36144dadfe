import { defineConfig, envPort, sharedShape } from '@custos/config';
import { z } from 'zod';

export const gatewayShape = {
  PORT: envPort(8080),
  CUSTOS_HOST: z.string().default('127.0.0.1'),
  CUSTOS_GATEWAY__BODY_LIMIT: z.string().default('50mb'),
};

export const loadGatewayConfig = () =>
  defineConfig(
    {
      ...sharedShape,
      ...gatewayShape,
      CUSTOS_HOST: z.string().default('0.0.0.0'),
      NATS_URL: z.string().url(),
    },
    process.env,
  );
