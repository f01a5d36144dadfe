import { Module } from '@nestjs/common';

import { DocumentsWriteService } from './documents.service.js';
import { ImportPortableHandler } from './handlers/import-portable.handler.js';
import { ImportStatementsHandler } from './handlers/import-statements.handler.js';
import { IngestStatementsHandler } from './handlers/ingest-statements.handler.js';
import { RefusalsHandler } from './handlers/refusals.handler.js';
import { WriteDocumentsHandler } from './handlers/write-documents.handler.js';
import { ImportJobsService } from './imports/import-jobs.service.js';
import { ImportedWriteService } from './imports/imported-write.service.js';
import { IngestService } from './statements.service.js';

/** The ingest part: validates and enriches statements, then hands them to storage. */
@Module({
  providers: [
    IngestService,
    IngestStatementsHandler,
    DocumentsWriteService,
    WriteDocumentsHandler,
    RefusalsHandler,
    ImportedWriteService,
    ImportJobsService,
    ImportStatementsHandler,
    ImportPortableHandler,
  ],
  exports: [ImportedWriteService, ImportJobsService],
})
export class IngestModule {}
