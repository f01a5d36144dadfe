// Distributed mode: the gateway (the HTTP edge) as its own process (loaded by main.ts once tracing is set up).
import 'reflect-metadata';

import {
  MessageBus,
  MessagingModule,
  natsAuthOf,
  principalKeysOf,
  withOwnPublicKey,
} from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule, startHealthServer } from '@custos/platform';

import { loadGatewayConfig, signInOptionsOf } from './config.js';
import { GatewayModule } from './gateway.module.js';
import { portableOptionsOf } from './portable/portable-options.js';
import { partsReadiness } from './http/health.controller.js';
import { createHttpApp } from './http-app.js';

const config = loadGatewayConfig();
// The gateway alone signs principals (ADR 0006); it serves no request that carries one.
const principals = withOwnPublicKey(principalKeysOf(config, { sign: true, verify: false }));
const logger = createLogger('gateway', config.CUSTOS_LOG_LEVEL);
const signIn = signInOptionsOf(config);
const portable = await portableOptionsOf(config);

const root = composeRoot([
  PlatformModule.forRoot(logger),
  MessagingModule.forRoot({
    transport: 'nats',
    url: config.NATS_URL,
    auth: natsAuthOf(config),
    namespace: config.CUSTOS_NAMESPACE,
    name: 'custos-gateway',
    part: 'gateway',
    logger,
    requestTimeoutMs: config.CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS,
    principals,
  }),
  GatewayModule.forRoot({ signIn, portable }),
]);
const app = await createHttpApp(root, {
  logger,
  bodyLimit: config.CUSTOS_GATEWAY__BODY_LIMIT,
  trustProxy: config.CUSTOS_GATEWAY__TRUST_PROXY,
  signIn,
});
await app.listen(config.PORT, config.CUSTOS_HOST);
logger.info({ port: config.PORT }, 'gateway listening');
// The detailed readiness (which part is ready) and Prometheus, on an internal port the edge does not expose
// (libs/platform health-server.ts).
if (config.CUSTOS_HEALTH_PORT > 0) {
  const bus = app.get(MessageBus);
  const server = await startHealthServer(config.CUSTOS_HEALTH_PORT, () => partsReadiness(bus));
  process.once('SIGTERM', () => server.close());
  process.once('SIGINT', () => server.close());
  logger.info({ healthPort: config.CUSTOS_HEALTH_PORT }, 'gateway health and metrics port open');
}
