// /api/v1/forwarding: a tenant's admins manage the other LRSs and webhooks its statements are forwarded to, and
// follow their delivery (docs/flows.md "Forwarding"). Consent owns the targets and decides (CASL); the gateway only
// parses bodies with the contract schemas (400 naming the field) and maps HTTP to messages.
import { ForwardingTargetBodyV1, ForwardingTargetPatchV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, UseGuards } from '@nestjs/common';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { apiBody } from './api-body.js';
import { idParam } from './id-param.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

@Controller('api/v1/forwarding/targets')
@UseGuards(BasicAuthGuard)
export class ForwardingController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  async list(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.forwarding.targets.list', { principal: principalOf(req) }))
      .targets;
  }

  @Post()
  @HttpCode(201)
  async create(@Req() req: XapiRequest) {
    const { target } = await this.bus.request('consent.v1.forwarding.targets.create', {
      principal: principalOf(req),
      target: apiBody(req, ForwardingTargetBodyV1),
    });
    return target;
  }

  @Get(':id')
  async get(@Req() req: XapiRequest, @Param('id') id: string) {
    const { target } = await this.bus.request('consent.v1.forwarding.targets.get', {
      principal: principalOf(req),
      targetId: idParam(id, 'forwarding target'),
    });
    return target;
  }

  @Patch(':id')
  async update(@Req() req: XapiRequest, @Param('id') id: string) {
    const { target } = await this.bus.request('consent.v1.forwarding.targets.update', {
      principal: principalOf(req),
      targetId: idParam(id, 'forwarding target'),
      patch: apiBody(req, ForwardingTargetPatchV1),
    });
    return target;
  }

  @Delete(':id')
  async delete(@Req() req: XapiRequest, @Param('id') id: string) {
    const { target } = await this.bus.request('consent.v1.forwarding.targets.delete', {
      principal: principalOf(req),
      targetId: idParam(id, 'forwarding target'),
    });
    return target;
  }

  @Get(':id/status')
  async status(@Req() req: XapiRequest, @Param('id') id: string) {
    const { status } = await this.bus.request('consent.v1.forwarding.targets.status', {
      principal: principalOf(req),
      targetId: idParam(id, 'forwarding target'),
    });
    return status;
  }

  @Get(':id/dead-letters')
  async deadLetters(@Req() req: XapiRequest, @Param('id') id: string) {
    const { deadLetters } = await this.bus.request('consent.v1.forwarding.dead-letters.list', {
      principal: principalOf(req),
      targetId: idParam(id, 'forwarding target'),
    });
    return deadLetters;
  }

  /** Queues a dead letter again, at the end of the target's queue. */
  @Post(':id/dead-letters/:deadLetterId/retry')
  @HttpCode(200)
  async retry(@Req() req: XapiRequest, @Param('id') id: string, @Param('deadLetterId') deadLetterId: string) {
    const { deadLetter } = await this.bus.request('consent.v1.forwarding.dead-letters.retry', {
      principal: principalOf(req),
      targetId: idParam(id, 'forwarding target'),
      deadLetterId: idParam(deadLetterId, 'dead letter'),
    });
    return deadLetter;
  }

  /** Drops a dead letter for good: its statements are not sent to this target. */
  @Delete(':id/dead-letters/:deadLetterId')
  async discard(
    @Req() req: XapiRequest,
    @Param('id') id: string,
    @Param('deadLetterId') deadLetterId: string,
  ) {
    const { deadLetter } = await this.bus.request('consent.v1.forwarding.dead-letters.discard', {
      principal: principalOf(req),
      targetId: idParam(id, 'forwarding target'),
      deadLetterId: idParam(deadLetterId, 'dead letter'),
    });
    return deadLetter;
  }
}
