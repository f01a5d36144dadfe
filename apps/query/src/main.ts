// Distributed mode: the query part as its own process. Tracing starts first, so the modules it instruments (http, pg)
// are loaded after its hooks (libs/telemetry/src/start-tracing.ts); then the part itself.
import { loadTelemetryConfig, startTracing } from '@custos/telemetry';

const tracing = await startTracing('custos-query', loadTelemetryConfig());
// Flushes the spans still buffered while the part drains.
if (tracing) process.once('SIGTERM', () => void tracing.shutdown());
await import('./start.js');
