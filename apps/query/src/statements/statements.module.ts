// Statements: the xAPI statement read (GET /xapi/statements) with its signed `more` cursors.
import { Module } from '@nestjs/common';

import { StatementsQueryService } from './statements.service.js';
import { FindStatementsHandler } from './find-statements.handler.js';

@Module({ providers: [StatementsQueryService, FindStatementsHandler] })
export class StatementsModule {}
