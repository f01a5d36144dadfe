// Erasure of a person's records in storage: statements, documents, attachment data, and the signed completion.
import { Module } from '@nestjs/common';

import { AttachmentsModule } from '../attachments/index.js';
import { AuditModule } from '../audit/index.js';
import { SealingModule } from '../sealing/index.js';
import { ErasureHandler } from './erasure.handler.js';
import { ErasureRepository } from './erasure.repository.js';
import { ErasureService } from './erasure.service.js';

@Module({
  imports: [AttachmentsModule, AuditModule, SealingModule],
  providers: [ErasureRepository, ErasureService, ErasureHandler],
})
export class ErasureModule {}
