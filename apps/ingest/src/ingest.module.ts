import { Module } from '@nestjs/common';

import { IngestStatementsHandler } from './handlers/ingest-statements.handler.js';
import { IngestService } from './statements.service.js';

/** The ingest part: validates and enriches statements, then hands them to storage. */
@Module({ providers: [IngestService, IngestStatementsHandler] })
export class IngestModule {}
