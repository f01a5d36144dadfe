import { defineConfig, envPort, sharedShape } from '@custos/config';
import { z } from 'zod';

export const gatewayShape = {
  PORT: envPort(8080),
  CUSTOS_HOST: z.string().default('127.0.0.1'),
  CUSTOS_GATEWAY__BODY_LIMIT: z.string().default('50mb'),
  /**
   * How long the gateway waits for a part to answer an HTTP request (ms). Every part it asks gets this as the
   * request's deadline, and each nested request a little less, so the 503 names the part that was slow.
   */
  CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * Which proxies' X-Forwarded-For the gateway believes for the client address failed sign-ins are counted
   * against: `false` (default: the socket's peer), a hop count, or addresses/subnets (`loopback, 10.0.0.0/8`).
   */
  CUSTOS_GATEWAY__TRUST_PROXY: z.string().default('false'),
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
