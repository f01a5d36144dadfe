// The room every query feature stands on: the part's options, recording a denial, the read sources an audit names,
// the statement access kept between reads.
import { type DynamicModule, Module } from '@nestjs/common';

import { QueryHealth } from './health.handler.js';
import { QUERY_OPTIONS, type QueryModuleOptions } from './query.options.js';
import { RefusalsHandler } from './refusals.handler.js';
import { StatementAccessCache } from './statement-access.js';

/** Global within one application so the features need not pass it around; it exports query's own token and the access cache. */
@Module({})
export class QueryCoreModule {
  static forRoot(options: QueryModuleOptions): DynamicModule {
    return {
      module: QueryCoreModule,
      global: true,
      providers: [
        { provide: QUERY_OPTIONS, useValue: options },
        QueryHealth,
        RefusalsHandler,
        StatementAccessCache,
      ],
      exports: [QUERY_OPTIONS, StatementAccessCache],
    };
  }
}
