import { defineConfig, envPort, sharedShape } from '@custos/config';
import { consentShape } from '@custos/consent';
import { gatewayShape } from '@custos/gateway';
import { queryShape } from '@custos/query';
import { storageShape } from '@custos/storage';
import { z } from 'zod';

export const loadStandaloneConfig = () =>
  defineConfig(
    {
      ...sharedShape,
      ...gatewayShape,
      ...consentShape,
      ...storageShape,
      ...queryShape,
      PORT: envPort(8080),
      CUSTOS_METRICS_PORT: envPort(0).describe(
        'Port serving /metrics (Prometheus), /healthz and /readyz of the standalone, on CUSTOS_HOST; 0 (default): ' +
          'none. Never the public port: the metrics describe the installation.',
      ),
      /** Where the embedded PostgreSQL keeps its data (ignored when DATABASE_URL is set). */
      CUSTOS_DATA_DIR: z.string().default('./data'),
    },
    process.env,
  );
export type StandaloneConfig = ReturnType<typeof loadStandaloneConfig>;
