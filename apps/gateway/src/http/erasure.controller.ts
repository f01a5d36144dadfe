// Erasure of a person (docs/privacy-operations.md "Erasure"): an admin erases a person, a learner asks for the
// erasure of their own records and may cancel it within its grace period, either follows it to its signed
// completion record. Every decision is consent's; the gateway maps HTTP to messages.
import { CreateErasureBodyV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Delete, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { apiBody } from './api-body.js';
import { idParam } from './id-param.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

/** The body is optional: none means the defaults. */
const optionalBody = (req: XapiRequest) =>
  Buffer.isBuffer(req.body) && req.body.length > 0 ? apiBody(req, CreateErasureBodyV1) : {};

@Controller('api/v1')
@UseGuards(BasicAuthGuard)
export class ErasureController {
  constructor(private readonly bus: MessageBus) {}

  @Post('people/:id/erasure')
  @HttpCode(201)
  async erasePerson(@Req() req: XapiRequest, @Param('id') id: string) {
    const { erasure } = await this.bus.request('consent.v1.erasures.create', {
      principal: principalOf(req),
      personId: idParam(id, 'person'),
      body: optionalBody(req),
    });
    return erasure;
  }

  @Post('me/erasure-requests')
  @HttpCode(201)
  async requestOwn(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.erasures.request', { principal: principalOf(req) })).erasure;
  }

  // A guardian asks for (and may cancel) the erasure of a minor's records, as the minor would once of age.
  @Post('guardian/learners/:learnerId/erasure-requests')
  @HttpCode(201)
  async requestForWard(@Req() req: XapiRequest, @Param('learnerId') learnerId: string) {
    const { erasure } = await this.bus.request('consent.v1.erasures.request', {
      principal: principalOf(req),
      learnerId: idParam(learnerId, 'learner'),
    });
    return erasure;
  }

  @Post('guardian/learners/:learnerId/erasure-requests/:id/cancel')
  @HttpCode(200)
  async cancelForWard(@Req() req: XapiRequest, @Param('id') id: string) {
    return this.cancel(req, id);
  }

  @Get('me/erasure-requests')
  async listOwn(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.erasures.mine', { principal: principalOf(req) })).erasures;
  }

  @Delete('me/erasure-requests/:id')
  async cancelOwn(@Req() req: XapiRequest, @Param('id') id: string) {
    return this.cancel(req, id);
  }

  @Post('me/erasure-requests/:id/cancel')
  @HttpCode(200)
  async cancelOwnByPost(@Req() req: XapiRequest, @Param('id') id: string) {
    return this.cancel(req, id);
  }

  @Get('erasures/:id')
  async get(@Req() req: XapiRequest, @Param('id') id: string) {
    const { erasure } = await this.bus.request('consent.v1.erasures.get', {
      principal: principalOf(req),
      erasureId: idParam(id, 'erasure'),
    });
    return erasure;
  }

  @Post('erasures/:id/approve')
  @HttpCode(200)
  async approve(@Req() req: XapiRequest, @Param('id') id: string) {
    const { erasure } = await this.bus.request('consent.v1.erasures.approve', {
      principal: principalOf(req),
      erasureId: idParam(id, 'erasure'),
    });
    return erasure;
  }

  private async cancel(req: XapiRequest, id: string) {
    const { erasure } = await this.bus.request('consent.v1.erasures.cancel', {
      principal: principalOf(req),
      erasureId: idParam(id, 'erasure'),
    });
    return erasure;
  }
}
