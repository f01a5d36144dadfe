// Is the audit log whole (docs/audit.md "Verifying the log"): GET /api/v1/audit/verify, GET and POST
// /api/v1/audit/checkpoints, GET /api/v1/audit/public-key, for a tenant's auditors and admins; GET
// /api/v1/audit/evidence, the evidence pack of a period, for its auditors. Query decides who
// may (CASL); storage verifies, signs and records each call in the chain; the gateway maps HTTP to messages.
import { MessageBus } from '@custos/messaging';
import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { singleParams } from './audit-log.controller.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

/** Walking a long chain takes a while: the request waits for the verdict rather than for the bus's timeout. */
const VERIFY_TIMEOUT_MS = 10 * 60 * 1000;

@Controller('api/v1/audit')
@UseGuards(BasicAuthGuard)
export class AuditIntegrityController {
  constructor(private readonly bus: MessageBus) {}

  @Get('verify')
  verify(@Req() req: XapiRequest) {
    return this.bus.request(
      'query.v1.audit.verify',
      { principal: principalOf(req) },
      { timeoutMs: VERIFY_TIMEOUT_MS },
    );
  }

  @Get('checkpoints')
  async checkpoints(@Req() req: XapiRequest) {
    const params = singleParams(req);
    const page = await this.bus.request('query.v1.audit.checkpoints.list', {
      principal: principalOf(req),
      params,
    });
    const next =
      page.next === null
        ? null
        : `/api/v1/audit/checkpoints?${new URLSearchParams({ ...params, after: page.next }).toString()}`;
    return { checkpoints: page.checkpoints, next };
  }

  @Post('checkpoints')
  @HttpCode(201)
  checkpoint(@Req() req: XapiRequest) {
    return this.bus.request('query.v1.audit.checkpoints.create', { principal: principalOf(req) });
  }

  @Get('proof')
  proof(@Req() req: XapiRequest) {
    return this.bus.request('query.v1.audit.proof', {
      principal: principalOf(req),
      params: singleParams(req),
    });
  }

  /** One JSON file to keep and verify offline (`custos audit verify-evidence`); an auditor's, as it holds records. */
  @Get('evidence')
  async evidence(@Req() req: XapiRequest, @Res({ passthrough: true }) res: Response) {
    const pack = await this.bus.request(
      'query.v1.audit.evidence',
      { principal: principalOf(req), params: singleParams(req) },
      { timeoutMs: VERIFY_TIMEOUT_MS },
    );
    const day = (at: string) => at.slice(0, 10);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="custos-evidence-${day(pack.period.from)}-${day(pack.period.to)}.json"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    return pack;
  }

  @Get('public-key')
  publicKey(@Req() req: XapiRequest) {
    return this.bus.request('query.v1.audit.public-key', { principal: principalOf(req) });
  }
}
