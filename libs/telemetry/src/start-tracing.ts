// OpenTelemetry for one process, started before the rest of the process is loaded (see `startTracing`), only when
// an OTLP endpoint is configured: otherwise nothing is imported and the bus's spans are the API's no-ops.
import type { TelemetryConfig } from './config.js';

export interface Tracing {
  /** Flushes the spans still buffered and stops (SIGTERM). */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK for `serviceName` (`custos-storage`, …) with the HTTP and pg instrumentations, the
 * W3C trace-context propagator and an OTLP/HTTP (JSON) exporter; or does nothing when no endpoint is set.
 *
 * The instrumentations patch `http` and `pg` when they are first required, and Custos is ES modules: a `main.ts`
 * therefore calls this first and only then imports the part (`await import('./part.js')`), so Express, TypeORM
 * and pg load after the hooks are in place. No `--import` loader hook is needed on Node 20.19: pg is required
 * (CommonJS) by TypeORM and `http` by Express, both after this has run.
 */
export async function startTracing(
  serviceName: string,
  config: TelemetryConfig,
): Promise<Tracing | undefined> {
  const endpoint = config.CUSTOS_OTLP_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  const [{ NodeSDK }, { OTLPTraceExporter }, { HttpInstrumentation }, { PgInstrumentation }] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-pg'),
    ]);
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not requests anyone traces.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
      }),
      // Statement text only, never parameter values (they can be learner data).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
