// Statements: the atomic batch write, the access-filtered read with its redaction, and explaining a decision.
import { Module } from '@nestjs/common';

import { ActivitiesModule } from '../activities/index.js';
import { AttachmentsModule } from '../attachments/index.js';
import { AuditModule } from '../audit/index.js';
import { SealingModule } from '../sealing/index.js';
import { WritePurposesModule } from '../write-purposes/index.js';
import { ExplainHandler } from './explain.handler.js';
import { StatementExplainService } from './statement-explain.service.js';
import { ImportedStatementsService } from './imported-statements.service.js';
import { StatementRepository } from './statement.repository.js';
import { StatementsHandler } from './statements.handler.js';
import { StatementsService } from './statements.service.js';

@Module({
  imports: [AuditModule, ActivitiesModule, AttachmentsModule, SealingModule, WritePurposesModule],
  providers: [
    StatementRepository,
    StatementsService,
    ImportedStatementsService,
    StatementsHandler,
    StatementExplainService,
    ExplainHandler,
  ],
})
export class StatementsModule {}
