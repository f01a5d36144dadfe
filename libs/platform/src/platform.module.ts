import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from './logger.js';

/** Provides the part's logger to every module (one logger per process). */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(logger: Logger): DynamicModule {
    return { module: PlatformModule, providers: [{ provide: LOGGER, useValue: logger }], exports: [LOGGER] };
  }
}
