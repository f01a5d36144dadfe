// Explain: why a principal may or may not read a statement (GET /api/v1/explain).
import { Module } from '@nestjs/common';

import { ExplainService } from './explain.service.js';
import { ExplainHandler } from './explain.handler.js';

@Module({ providers: [ExplainService, ExplainHandler] })
export class ExplainModule {}
