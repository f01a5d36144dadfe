import { type DynamicModule, Module } from '@nestjs/common';

import { AuditIntegrityService } from './audit-integrity.service.js';
import { AuditLogQueryService } from './audit-log.service.js';
import { DocumentsQueryService } from './documents.service.js';
import { ExplainService } from './explain.service.js';
import { ExportsQueryService } from './exports.service.js';
import { AuditIntegrityHandler } from './handlers/audit-integrity.handler.js';
import { AuditLogHandler } from './handlers/audit-log.handler.js';
import { ExplainHandler } from './handlers/explain.handler.js';
import { ExportsHandler } from './handlers/exports.handler.js';
import { FindDocumentsHandler } from './handlers/find-documents.handler.js';
import { FindStatementsHandler } from './handlers/find-statements.handler.js';
import { RefusalsHandler } from './handlers/refusals.handler.js';
import { ResourcesHandler } from './handlers/resources.handler.js';
import { cursorKeyFrom } from './more-cursor.js';
import { QUERY_OPTIONS, type QueryModuleOptions } from './query.options.js';
import { QueryService } from './query.service.js';
import { ResourcesService } from './resources.service.js';

/** The query part: plans reads, applies access, audits. */
@Module({
  providers: [
    QueryService,
    FindStatementsHandler,
    ResourcesService,
    ResourcesHandler,
    DocumentsQueryService,
    FindDocumentsHandler,
    ExplainService,
    ExplainHandler,
    ExportsQueryService,
    ExportsHandler,
    AuditIntegrityService,
    AuditIntegrityHandler,
    AuditLogQueryService,
    AuditLogHandler,
    RefusalsHandler,
  ],
})
export class QueryModule {
  static forRoot(options: QueryModuleOptions): DynamicModule {
    // A bad key stops the part at start, not at the first `more` link.
    cursorKeyFrom(options.cursorKey);
    return { module: QueryModule, providers: [{ provide: QUERY_OPTIONS, useValue: options }] };
  }
}
