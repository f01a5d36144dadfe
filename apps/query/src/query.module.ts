import { type DynamicModule, Module } from '@nestjs/common';

import { AnalyticsModule } from './analytics/index.js';
import { AuditLogModule } from './audit-log/index.js';
import { ProcessingModule } from './processing/index.js';
import { QueryCoreModule, type QueryModuleOptions } from './core/index.js';
import { DocumentsModule } from './documents/index.js';
import { ExplainModule } from './explain/index.js';
import { ExportsModule } from './exports/index.js';
import { ForwardingModule } from './forwarding/index.js';
import { ResourcesModule } from './resources/index.js';
import { cursorKeyFrom, StatementsModule } from './statements/index.js';

/** The query part: plans reads, applies access, audits; one module per read resource (docs/architecture.md). */
@Module({})
export class QueryModule {
  static forRoot(options: QueryModuleOptions): DynamicModule {
    // A bad key stops the part at start, not at the first `more` link.
    cursorKeyFrom(options.cursorKey);
    return {
      module: QueryModule,
      imports: [
        QueryCoreModule.forRoot(options),
        StatementsModule,
        DocumentsModule,
        ResourcesModule,
        ExplainModule,
        ExportsModule,
        AuditLogModule,
        ProcessingModule,
        AnalyticsModule,
        ForwardingModule,
      ],
    };
  }
}
