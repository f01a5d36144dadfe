// Exports: a learner's data export, everything about them as xAPI JSON.
import { Module } from '@nestjs/common';

import { ExportsQueryService } from './exports.service.js';
import { ExportsHandler } from './exports.handler.js';

@Module({ providers: [ExportsQueryService, ExportsHandler] })
export class ExportsModule {}
