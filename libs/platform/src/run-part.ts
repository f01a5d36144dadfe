// Starts one distributed part (ingest, storage, consent, query) as its own process: a Nest
// application context with no HTTP edge, the NATS bus, a health server for probes, and
// graceful shutdown on SIGTERM.
import { type DynamicModule, type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Part } from '@custos/contracts';
import {
  MessageBus,
  MessagingModule,
  natsAuthOf,
  type NatsClientSettings,
  type PrincipalKeyConfig,
  principalKeysOf,
} from '@custos/messaging';
import type { LevelWithSilent, Logger } from 'pino';

import { startHealthServer } from './health-server.js';
import { createLogger, PinoNestLogger } from './logger.js';
import { PlatformModule } from './platform.module.js';

export interface PartConfig extends NatsClientSettings, PrincipalKeyConfig {
  NATS_URL: string;
  CUSTOS_NAMESPACE: string;
  CUSTOS_LOG_LEVEL: LevelWithSilent;
  CUSTOS_HEALTH_PORT: number;
}

export interface RunPartOptions {
  service: Exclude<Part, 'gateway'>;
  config: PartConfig;
  /** The part's own modules. */
  modules: (logger: Logger) => (DynamicModule | Type)[];
  /** Extra readiness checks (e.g. the database); the bus is always checked. */
  readiness?: (app: INestApplicationContext) => Promise<Record<string, boolean>>;
}

export function composeRoot(imports: (DynamicModule | Type)[]): Type {
  @Module({ imports })
  class RootModule {}
  return RootModule;
}

export async function runPart(options: RunPartOptions): Promise<INestApplicationContext> {
  const { config, service } = options;
  // Every part that acts on a principal verifies the gateway's assertion (ADR 0006): no keys, no start.
  const principals = principalKeysOf(config, { sign: false, verify: true });
  const logger = createLogger(service, config.CUSTOS_LOG_LEVEL);
  const root = composeRoot([
    PlatformModule.forRoot(logger),
    MessagingModule.forRoot({
      transport: 'nats',
      url: config.NATS_URL,
      auth: natsAuthOf(config),
      namespace: config.CUSTOS_NAMESPACE,
      name: `custos-${service}`,
      part: service,
      logger,
      principals,
    }),
    ...options.modules(logger),
  ]);
  const app = await NestFactory.createApplicationContext(root, { logger: new PinoNestLogger(logger) });
  app.enableShutdownHooks();
  await app.init();
  // The handlers subscribed during init; ready only once the server holds those subscriptions, so the first
  // request routed here after /readyz never finds no responder (a 503).
  await app.get(MessageBus).flush();
  if (config.CUSTOS_HEALTH_PORT > 0) {
    const server = await startHealthServer(config.CUSTOS_HEALTH_PORT, async () => ({
      messaging: app.get(MessageBus).isReady(),
      ...(await options.readiness?.(app)),
    }));
    process.once('SIGTERM', () => server.close());
    process.once('SIGINT', () => server.close());
  }
  logger.info({ healthPort: config.CUSTOS_HEALTH_PORT }, `${service} ready`);
  return app;
}
