// Erasure of a person: the job, its grace period and approval, what blocks it, and its steps.
import { Module } from '@nestjs/common';

import { ChangeLogModule } from '../change-log/index.js';
import { ForwardingModule } from '../forwarding/index.js';
import { PeopleModule } from '../people/index.js';
import { PoliciesModule } from '../policies/index.js';
import { ErasureHandler } from './erasure.handler.js';
import { ErasureRepository } from './erasure.repository.js';
import { ErasureRunner } from './erasure-runner.js';
import { ErasureService } from './erasure.service.js';

@Module({
  imports: [ChangeLogModule, PeopleModule, PoliciesModule, ForwardingModule],
  providers: [ErasureRepository, ErasureService, ErasureHandler, ErasureRunner],
  exports: [ErasureService],
})
export class ErasureModule {}
