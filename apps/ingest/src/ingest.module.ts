import { Module } from '@nestjs/common';

import { DocumentsWriteService } from './documents.service.js';
import { IngestStatementsHandler } from './handlers/ingest-statements.handler.js';
import { RefusalsHandler } from './handlers/refusals.handler.js';
import { WriteDocumentsHandler } from './handlers/write-documents.handler.js';
import { IngestService } from './statements.service.js';

/** The ingest part: validates and enriches statements, then hands them to storage. */
@Module({
  providers: [
    IngestService,
    IngestStatementsHandler,
    DocumentsWriteService,
    WriteDocumentsHandler,
    RefusalsHandler,
  ],
})
export class IngestModule {}
