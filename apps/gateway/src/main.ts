// Distributed mode: the gateway as its own process. Tracing starts first, so the modules it instruments (http, pg)
// are loaded after its hooks (libs/telemetry/src/start-tracing.ts); then the gateway itself.
import { loadTelemetryConfig, startTracing } from '@custos/telemetry';

const tracing = await startTracing('custos-gateway', loadTelemetryConfig());
// Flushes the spans still buffered while the gateway drains.
if (tracing) process.once('SIGTERM', () => void tracing.shutdown());
await import('./start.js');
