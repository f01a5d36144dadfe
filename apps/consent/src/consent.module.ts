import { outboxProvider } from '@custos/platform';
import { type DynamicModule, Module } from '@nestjs/common';

import { AccessService } from './access.service.js';
import { CredentialBootstrap } from './bootstrap.js';
import { ChangeLog } from './change-log.repository.js';
import { CONSENT_OPTIONS, type ConsentModuleOptions } from './consent.options.js';
import { CredentialRepository } from './credential.repository.js';
import { CredentialsService } from './credentials.service.js';
import { DataSubjectService } from './data-subject.service.js';
import { DirectoryService } from './directory.service.js';
import { CONSENT_DB, consentDatabaseModule } from './db/data-source.js';
import { EffectiveAccessRepository } from './effective-access.repository.js';
import { AccessHandler } from './handlers/access.handler.js';
import { RefusalsHandler } from './handlers/refusals.handler.js';
import { AbilityHandler } from './handlers/ability.handler.js';
import { CredentialsHandler } from './handlers/credentials.handler.js';
import { DataSubjectHandler } from './handlers/data-subject.handler.js';
import { DirectoryHandler } from './handlers/directory.handler.js';
import { ConsentHealth } from './handlers/health.handler.js';
import { PeopleHandler } from './handlers/people.handler.js';
import { PoliciesHandler } from './handlers/policies.handler.js';
import { PeopleService } from './people.service.js';
import { SignInLocks } from './sign-in-locks.service.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { PersonRepository } from './person.repository.js';
import { PoliciesService } from './policies.service.js';
import { PrincipalDirectoryRepository } from './principal-directory.repository.js';
import { PolicyRepository } from './policy.repository.js';
import { TokenService } from './token.service.js';

/** The consent part: credentials, people and groups, policies, grants and objections, and every principal's rules. */
@Module({})
export class ConsentModule {
  static forRoot(options: ConsentModuleOptions): DynamicModule {
    return {
      module: ConsentModule,
      imports: [consentDatabaseModule(options.databaseUrl, options.poolSize, options.databaseTls)],
      providers: [
        { provide: CONSENT_OPTIONS, useValue: options },
        // Every change's transaction, with its audit record staged in consent.outbox.
        ChangeLog,
        CredentialRepository,
        CredentialsService,
        CredentialBootstrap,
        CredentialsHandler,
        AbilityHandler,
        RefusalsHandler,
        ConsentHealth,
        PersonRepository,
        TokenService,
        PeopleService,
        SignInThrottle,
        SignInLocks,
        PeopleHandler,
        outboxProvider(CONSENT_DB, 'consent.outbox', options.outboxRelay ?? true),
        PolicyRepository,
        PoliciesService,
        PoliciesHandler,
        EffectiveAccessRepository,
        AccessService,
        AccessHandler,
        DataSubjectService,
        DataSubjectHandler,
        PrincipalDirectoryRepository,
        DirectoryService,
        DirectoryHandler,
      ],
      exports: [CredentialsService, PeopleService, ConsentHealth],
    };
  }
}
