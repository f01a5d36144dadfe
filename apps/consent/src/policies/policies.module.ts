// Institution policies: who may read what and on what lawful basis, their versions, and each principal's CASL rules.
import { Module } from '@nestjs/common';

import { ChangeLogModule } from '../change-log/index.js';
import { AbilityHandler } from './ability.handler.js';
import { PoliciesHandler } from './policies.handler.js';
import { PoliciesService } from './policies.service.js';
import { PolicyRepository } from './policy.repository.js';

@Module({
  imports: [ChangeLogModule],
  providers: [PolicyRepository, PoliciesService, PoliciesHandler, AbilityHandler],
  exports: [PoliciesService],
})
export class PoliciesModule {}
