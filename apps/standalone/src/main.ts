// `npm start`: Custos standalone. Tracing starts first, so the modules it instruments (http, pg) are loaded after
// its hooks (libs/telemetry/src/start-tracing.ts); then Custos itself.
import { ConfigError } from '@custos/config';
import { loadTelemetryConfig, type Tracing, startTracing } from '@custos/telemetry';

let tracing: Tracing | undefined;
try {
  tracing = await startTracing('custos', loadTelemetryConfig());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
// Flushes the spans still buffered while Custos stops.
if (tracing) process.once('SIGTERM', () => void tracing.shutdown());
await import('./start.js');
