// A learner's grants, objections and receipts, and the effective access that follows from them and the policies.
import { Module } from '@nestjs/common';

import { ChangeLogModule } from '../change-log/index.js';
import { CredentialsModule } from '../credentials/index.js';
import { PeopleModule } from '../people/index.js';
import { PoliciesModule } from '../policies/index.js';
import { AccessHandler } from './access.handler.js';
import { AccessService } from './access.service.js';
import { EffectiveAccessRepository } from './effective-access.repository.js';
import { GrantRepository } from './grant.repository.js';
import { GrantsHandler } from './grants.handler.js';
import { GrantsService } from './grants.service.js';

@Module({
  imports: [ChangeLogModule, CredentialsModule, PeopleModule, PoliciesModule],
  providers: [
    GrantRepository,
    GrantsService,
    GrantsHandler,
    EffectiveAccessRepository,
    AccessService,
    AccessHandler,
  ],
})
export class GrantsModule {}
