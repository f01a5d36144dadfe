// A part (or several) started inside the test process on the in-process bus, with real
// repositories and a real database: how integration tests and test harnesses drive a service.
import 'reflect-metadata';

import { MessagingModule } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

// abortOnError off: a module that fails to start fails its test, instead of aborting the test worker silently.
export function inProcessContext(imports: (DynamicModule | Type)[]): Promise<INestApplicationContext> {
  const logger = createLogger('test', 'silent');
  return NestFactory.createApplicationContext(
    composeRoot([
      PlatformModule.forRoot(logger),
      MessagingModule.forRoot({ transport: 'in-process', logger }),
      ...imports,
    ]),
    { logger: false, abortOnError: false },
  );
}
