// The telemetry settings alone, read before anything else of a process is loaded (start-tracing.ts); the parts'
// config.ts include the same shape (libs/config sharedShape), so they are validated and listed there too.
import { defineConfig, telemetryShape } from '@custos/config';

export type TelemetryConfig = { OTEL_EXPORTER_OTLP_ENDPOINT?: string; CUSTOS_OTLP_ENDPOINT?: string };

export const loadTelemetryConfig = (): TelemetryConfig => defineConfig(telemetryShape, process.env);
