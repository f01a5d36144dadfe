// Forwarding to other LRSs and webhooks: targets, their queues and dead letters (docs/flows.md "Forwarding").
import { Module } from '@nestjs/common';

import { ChangeLogModule } from '../change-log/index.js';
import { CredentialsModule } from '../credentials/index.js';
import { PoliciesModule } from '../policies/index.js';
import { ForwardingHandler } from './forwarding.handler.js';
import { ForwardingRepository } from './forwarding.repository.js';
import { ForwardingService } from './forwarding.service.js';

@Module({
  imports: [ChangeLogModule, CredentialsModule, PoliciesModule],
  providers: [ForwardingRepository, ForwardingService, ForwardingHandler],
  exports: [ForwardingService],
})
export class ForwardingModule {}
