import { type DynamicModule, Module } from '@nestjs/common';

import { ChangeLogModule } from './change-log/index.js';
import { CONSENT_OPTIONS, type ConsentModuleOptions } from './consent.options.js';
import { CredentialsModule } from './credentials/index.js';
import { CONSENT_DB, consentDataSource } from './db/data-source.js';
import { GrantsModule } from './grants/index.js';
import { ConsentHealth } from './health.handler.js';
import { PeopleModule } from './people/index.js';
import { PoliciesModule } from './policies/index.js';
import { TokensModule } from './tokens/index.js';

/**
 * The part's options and database, for every consent feature. Global, so the features can be plain modules; its
 * two tokens are consent's own symbols, so nothing of another part can pick them up by mistake.
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
          providers: [
            { provide: CONSENT_OPTIONS, useValue: options },
            {
              provide: CONSENT_DB,
              useFactory: () =>
                consentDataSource(options.databaseUrl, options.poolSize, options.databaseTls).initialize(),
            },
          ],
          exports: [CONSENT_OPTIONS, CONSENT_DB],
        },
        ChangeLogModule,
        TokensModule,
        CredentialsModule,
        PeopleModule,
        PoliciesModule,
        GrantsModule,
      ],
      providers: [ConsentHealth],
      exports: [CredentialsModule, PeopleModule, ConsentHealth],
    };
  }
}
