// A learner's grants, objections and receipts, and the effective access that follows from them and the policies.
import { Module } from '@nestjs/common';

import { CredentialsModule } from '../credentials/index.js';
import { PeopleModule } from '../people/index.js';
import { PoliciesModule } from '../policies/index.js';
import { AccessHandler } from './access.handler.js';
import { AccessService } from './access.service.js';
import { EffectiveAccessRepository } from './effective-access.repository.js';

@Module({
  imports: [CredentialsModule, PeopleModule, PoliciesModule],
  providers: [EffectiveAccessRepository, AccessService, AccessHandler],
})
export class GrantsModule {}
