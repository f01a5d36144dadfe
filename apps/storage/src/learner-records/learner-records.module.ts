// A learner's records as a whole: whether a caller may read anything about them (Agents), and data exports.
import { Module } from '@nestjs/common';

import { AttachmentsModule } from '../attachments/index.js';
import { AuditModule } from '../audit/index.js';
import { SealingModule } from '../sealing/index.js';
import { AgentsService } from './agents.service.js';
import { ExportsService } from './exports.service.js';
import { LearnerRecordsHandler } from './learner-records.handler.js';
import { LearnerRecordsRepository } from './learner-records.repository.js';

@Module({
  imports: [AuditModule, AttachmentsModule, SealingModule],
  providers: [LearnerRecordsRepository, AgentsService, ExportsService, LearnerRecordsHandler],
})
export class LearnerRecordsModule {}
