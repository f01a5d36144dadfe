// /api/v1/retention: a tenant's admins manage retention rules and legal holds, and ask for a dry run or a run
// (docs/privacy-operations.md). storage owns them and makes every decision (CASL); the gateway only parses bodies
// with the contract schemas (400 naming the field) and maps HTTP to messages.
import { LegalHoldBodyV1, RetentionRuleBodyV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Delete, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { apiBody } from './api-body.js';
import { idParam } from './id-param.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

/** A run deletes in batches until none is left: the caller waits for its report rather than for a timeout. */
const RUN_TIMEOUT_MS = 10 * 60 * 1000;

@Controller('api/v1/retention')
@UseGuards(BasicAuthGuard)
export class RetentionController {
  constructor(private readonly bus: MessageBus) {}

  @Get('rules')
  async rules(@Req() req: XapiRequest) {
    return (await this.bus.request('storage.v1.retention.rules.list', { principal: principalOf(req) })).rules;
  }

  @Post('rules')
  @HttpCode(201)
  async createRule(@Req() req: XapiRequest) {
    const { rule } = await this.bus.request('storage.v1.retention.rules.create', {
      principal: principalOf(req),
      rule: apiBody(req, RetentionRuleBodyV1),
    });
    return rule;
  }

  @Delete('rules/:id')
  async deleteRule(@Req() req: XapiRequest, @Param('id') id: string) {
    const { rule } = await this.bus.request('storage.v1.retention.rules.delete', {
      principal: principalOf(req),
      ruleId: idParam(id, 'retention rule'),
    });
    return rule;
  }

  @Get('holds')
  async holds(@Req() req: XapiRequest) {
    return (await this.bus.request('storage.v1.retention.holds.list', { principal: principalOf(req) })).holds;
  }

  @Post('holds')
  @HttpCode(201)
  async createHold(@Req() req: XapiRequest) {
    const { hold } = await this.bus.request('storage.v1.retention.holds.create', {
      principal: principalOf(req),
      hold: apiBody(req, LegalHoldBodyV1),
    });
    return hold;
  }

  /** Ends a hold now (it also ends by itself at its end date). */
  @Post('holds/:id/release')
  @HttpCode(200)
  async releaseHold(@Req() req: XapiRequest, @Param('id') id: string) {
    const { hold } = await this.bus.request('storage.v1.retention.holds.release', {
      principal: principalOf(req),
      holdId: idParam(id, 'legal hold'),
    });
    return hold;
  }

  @Post('dry-run')
  @HttpCode(200)
  dryRun(@Req() req: XapiRequest) {
    return this.bus.request('storage.v1.retention.dry-run', { principal: principalOf(req) });
  }

  @Post('runs')
  @HttpCode(200)
  run(@Req() req: XapiRequest) {
    return this.bus.request(
      'storage.v1.retention.run',
      { principal: principalOf(req) },
      { timeoutMs: RUN_TIMEOUT_MS },
    );
  }
}
