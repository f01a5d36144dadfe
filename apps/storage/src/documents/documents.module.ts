// The document resources (State, Activity Profile, Agent Profile): concurrency-checked writes, filtered reads.
import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/index.js';
import { SealingModule } from '../sealing/index.js';
import { DocumentRepository } from './document.repository.js';
import { DocumentsHandler } from './documents.handler.js';
import { DocumentsService } from './documents.service.js';

@Module({
  imports: [AuditModule, SealingModule],
  providers: [DocumentRepository, DocumentsService, DocumentsHandler],
})
export class DocumentsModule {}
