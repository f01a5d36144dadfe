export {
  accessDecisions,
  auditCheckpointAge,
  auditOldestPendingAge,
  auditPending,
  busRequestDuration,
  busRequests,
  consumerAckPending,
  consumerPending,
  dbPoolConnections,
  dbQueryDuration,
  httpRequestDuration,
  httpRequests,
  metricsRegistry,
  outboxOldestAge,
  outboxPending,
  SampledGauge,
  type Sampler,
  scrape,
  secondsSince,
  signInFailures,
  signInRefusals,
  statementsIngested,
  writeGroupSize,
} from './metrics.js';
export { type HeaderCarrier, mapCarrier, traceBusHandler, traceBusRequest } from './bus-tracing.js';
export { loadTelemetryConfig, type TelemetryConfig } from './config.js';
export { startTracing, type Tracing } from './start-tracing.js';
