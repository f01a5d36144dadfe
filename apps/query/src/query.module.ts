import { Module } from '@nestjs/common';

import { FindStatementsHandler } from './handlers/find-statements.handler.js';
import { QueryService } from './query.service.js';

/** The query part: plans reads, applies access, audits. */
@Module({ providers: [QueryService, FindStatementsHandler] })
export class QueryModule {}
