// Starts one distributed part (ingest, storage, consent, query) as its own process: a Nest
// application context with no HTTP edge, a health server for probes, and graceful shutdown.
import { type DynamicModule, type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';

import { startHealthServer } from './health-server.js';
import { PinoNestLogger } from './logger.js';

export interface RunPartOptions {
  service: string;
  logger: Logger;
  imports: (DynamicModule | Type)[];
  healthPort: number;
  readiness: (app: INestApplicationContext) => Promise<Record<string, boolean>>;
}

export function composeRoot(imports: (DynamicModule | Type)[]): Type {
  @Module({ imports })
  class RootModule {}
  return RootModule;
}

export async function runPart(options: RunPartOptions): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(composeRoot(options.imports), {
    logger: new PinoNestLogger(options.logger),
  });
  app.enableShutdownHooks();
  await app.init();
  if (options.healthPort > 0) {
    const server = await startHealthServer(options.healthPort, () => options.readiness(app));
    process.once('SIGTERM', () => server.close());
    process.once('SIGINT', () => server.close());
  }
  options.logger.info({ healthPort: options.healthPort }, `${options.service} ready`);
  return app;
}
