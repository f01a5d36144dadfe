// Documents: reading the State, Activity Profile and Agent Profile resources under the caller's access filter.
import { Module } from '@nestjs/common';

import { DocumentsQueryService } from './documents.service.js';
import { FindDocumentsHandler } from './find-documents.handler.js';

@Module({ providers: [DocumentsQueryService, FindDocumentsHandler] })
export class DocumentsModule {}
