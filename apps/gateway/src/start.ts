// Distributed mode: the gateway (the HTTP edge) as its own process.
import 'reflect-metadata';

import { MessagingModule, natsAuthOf, principalKeysOf, withOwnPublicKey } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';

import { loadGatewayConfig, signInOptionsOf } from './config.js';
import { GatewayModule } from './gateway.module.js';
import { createHttpApp } from './http-app.js';

const config = loadGatewayConfig();
// The gateway alone signs principals (ADR 0006); it serves no request that carries one.
const principals = withOwnPublicKey(principalKeysOf(config, { sign: true, verify: false }));
const logger = createLogger('gateway', config.CUSTOS_LOG_LEVEL);
const signIn = signInOptionsOf(config);

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
  GatewayModule.forRoot({ signIn }),
]);
const app = await createHttpApp(root, {
  logger,
  bodyLimit: config.CUSTOS_GATEWAY__BODY_LIMIT,
  trustProxy: config.CUSTOS_GATEWAY__TRUST_PROXY,
  signIn,
});
await app.listen(config.PORT, config.CUSTOS_HOST);
logger.info({ port: config.PORT }, 'gateway listening');
