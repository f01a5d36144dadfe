// GET /api/v1/records-of-processing (docs/privacy-operations.md "Records of processing"): the tenant's records of
// processing for its admins and auditors, as JSON (default), Markdown or a standalone HTML page. Query decides who
// may (CASL) and builds them; the gateway picks the format.
import { BadRequestError } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { singleParams } from './audit-log.controller.js';
import { recordsAsHtml, recordsAsMarkdown } from './records-of-processing.document.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

const FORMATS = ['json', 'markdown', 'html'] as const;

@Controller('api/v1/records-of-processing')
@UseGuards(BasicAuthGuard)
export class RecordsOfProcessingController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  async records(@Req() req: XapiRequest, @Res({ passthrough: true }) res: Response) {
    const { format = 'json', ...rest } = singleParams(req);
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new BadRequestError(`unknown parameter ${unknown.join(', ')}: use format`);
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new BadRequestError(`format must be one of ${FORMATS.join(', ')}`);
    }
    const records = await this.bus.request('query.v1.processing.records', { principal: principalOf(req) });
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'markdown') {
      res.type('text/markdown; charset=utf-8');
      return recordsAsMarkdown(records);
    }
    if (format === 'html') {
      res.type('text/html; charset=utf-8');
      return recordsAsHtml(records);
    }
    return records;
  }
}
