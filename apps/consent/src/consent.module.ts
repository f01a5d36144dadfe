import { type DynamicModule, Module } from '@nestjs/common';

import { AnalyticsModule } from './analytics/index.js';
import { ChangeLogModule } from './change-log/index.js';
import { CONSENT_OPTIONS, type ConsentModuleOptions } from './consent.options.js';
import { CredentialsModule } from './credentials/index.js';
import { consentDatabaseModule } from './db/data-source.js';
import { ErasureModule } from './erasure/index.js';
import { ForwardingModule } from './forwarding/index.js';
import { GrantsModule } from './grants/index.js';
import { ConsentHealth } from './health.handler.js';
import { PeopleModule } from './people/index.js';
import { PoliciesModule } from './policies/index.js';
import { TokensModule } from './tokens/index.js';

/**
 * The part's options and database, for every consent feature. Global, so the features can be plain modules; the
 * options token is consent's own symbol and the database TypeOrmModule's connection named `consent`.
 */
@Module({})
class ConsentCoreModule {}

/** The consent part: credentials, people and groups, policies, grants and objections, and every principal's rules. */
@Module({})
export class ConsentModule {
  static forRoot(options: ConsentModuleOptions): DynamicModule {
    return {
      module: ConsentModule,
      imports: [
        {
          module: ConsentCoreModule,
          global: true,
          // TypeOrmModule's connection `consent` (CONSENT_DB), opened at start and closed once the bus has drained.
          imports: [consentDatabaseModule(options.databaseUrl, options.poolSize, options.databaseTls)],
          providers: [{ provide: CONSENT_OPTIONS, useValue: options }],
          exports: [CONSENT_OPTIONS],
        },
        ChangeLogModule,
        TokensModule,
        CredentialsModule,
        PeopleModule,
        PoliciesModule,
        GrantsModule,
        ErasureModule,
        AnalyticsModule,
        ForwardingModule,
      ],
      providers: [ConsentHealth],
      exports: [CredentialsModule, PeopleModule, ErasureModule, ConsentHealth],
    };
  }
}
