import { defineConfig, envPort, sharedShape } from '@custos/config';
import { consentShape } from '@custos/consent';
import { gatewayShape } from '@custos/gateway';
import { queryShape } from '@custos/query';
import { storageShape } from '@custos/storage';
import { z } from 'zod';

/** Where the embedded PostgreSQL keeps its data; the CLI reads the same. */
export const dataDirShape = {
  CUSTOS_DATA_DIR: z
    .string()
    .default('./data')
    .describe(
      "the embedded PostgreSQL's data and standalone's generated keys (ignored when `DATABASE_URL` is set)",
    ),
};

/** Everything standalone mode reads (docs/configuration.md is made from it). */
export const standaloneConfigShape = {
  ...sharedShape,
  ...gatewayShape,
  ...consentShape,
  ...storageShape,
  ...queryShape,
  PORT: envPort(8080),
  CUSTOS_METRICS_PORT: envPort(0).describe(
    'port serving `/metrics` (Prometheus), `/healthz` and `/readyz` of the standalone, on `CUSTOS_HOST`; `0`: ' +
      'none. Never the public port: the metrics describe the installation',
  ),
  ...dataDirShape,
};

export const loadStandaloneConfig = () => defineConfig(standaloneConfigShape, process.env);
export type StandaloneConfig = ReturnType<typeof loadStandaloneConfig>;
