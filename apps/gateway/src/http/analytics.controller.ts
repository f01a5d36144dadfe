// GET /api/v1/analytics/{measure} (docs/flows.md "Analytics that protect individuals"): k-anonymous aggregates over
// the records the `analytics` purpose allows, for the tenant's admins. The gateway parses the fixed query language
// (analytics-params.ts); query decides who may (CASL) and storage counts, suppresses and records it.
import { MessageBus } from '@custos/messaging';
import { ANALYTICS_MEASURES } from '@custos/contracts';
import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { analyticsQueryOf } from './analytics-params.js';
import { singleParams } from './audit-log.controller.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

@Controller('api/v1/analytics')
@UseGuards(BasicAuthGuard)
export class AnalyticsController {
  constructor(private readonly bus: MessageBus) {}

  /** One route per measure, so each is documented (analytics.openapi.ts) and an unknown one is a 404. */
  @Get([...ANALYTICS_MEASURES])
  async run(@Req() req: XapiRequest, @Res({ passthrough: true }) res: Response) {
    const measure = req.path.split('/').pop() ?? '';
    const query = analyticsQueryOf(measure, singleParams(req));
    const result = await this.bus.request('query.v1.analytics.run', { principal: principalOf(req), query });
    res.setHeader('Cache-Control', 'no-store');
    return result;
  }
}
