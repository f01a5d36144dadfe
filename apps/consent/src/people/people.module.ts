// People and groups of a tenant, the agents linked to them, their login, and the directory readers look them up in.
import { Module } from '@nestjs/common';

import { ChangeLogModule } from '../change-log/index.js';
import { TokensModule } from '../tokens/index.js';
import { ConsentAgency } from './consent-agency.service.js';
import { DataSubjectHandler } from './data-subject.handler.js';
import { DataSubjectService } from './data-subject.service.js';
import { DirectoryHandler } from './directory.handler.js';
import { DirectoryService } from './directory.service.js';
import { PeopleHandler } from './people.handler.js';
import { PeopleService } from './people.service.js';
import { GuardianRepository } from './guardian.repository.js';
import { PersonRepository } from './person.repository.js';
import { PrincipalDirectoryRepository } from './principal-directory.repository.js';
import { TenantSettingsRepository } from './tenant-settings.repository.js';

@Module({
  imports: [ChangeLogModule, TokensModule],
  providers: [
    PersonRepository,
    GuardianRepository,
    TenantSettingsRepository,
    ConsentAgency,
    PeopleService,
    PeopleHandler,
    DataSubjectService,
    DataSubjectHandler,
    PrincipalDirectoryRepository,
    DirectoryService,
    DirectoryHandler,
  ],
  exports: [PeopleService, ConsentAgency, TenantSettingsRepository],
})
export class PeopleModule {}
