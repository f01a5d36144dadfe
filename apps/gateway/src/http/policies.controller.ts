// /api/v1/policies (institution policies, for a tenant's admins), /api/v1/me/* (a learner's consent
// requests, grants, objections and receipts) and /api/v1/guardian/learners/:learnerId/* (the same, by a guardian for
// a learner who is a minor: docs/privacy-operations.md "Guardians and minors"). Every decision is made by consent; the gateway only parses
// bodies with the contract schemas (400 naming the field) and maps HTTP to messages.
import { GrantBodyV1, ObjectionBodyV1, PolicyBodyV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Delete, Get, HttpCode, Param, Post, Put, Req, UseGuards } from '@nestjs/common';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { apiBody } from './api-body.js';
import { idParam } from './id-param.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

@Controller('api/v1')
@UseGuards(BasicAuthGuard)
export class PoliciesController {
  constructor(private readonly bus: MessageBus) {}

  @Get('policies')
  async list(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.policies.list', { principal: principalOf(req) })).policies;
  }

  /** Active grants and standing objections per current policy (counts only). */
  @Get('policies/counts')
  async counts(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.policies.counts', { principal: principalOf(req) })).counts;
  }

  @Post('policies')
  @HttpCode(201)
  async create(@Req() req: XapiRequest) {
    const { policy } = await this.bus.request('consent.v1.policies.create', {
      principal: principalOf(req),
      policy: apiBody(req, PolicyBodyV1),
    });
    return policy;
  }

  @Put('policies/:id')
  async update(@Req() req: XapiRequest, @Param('id') id: string) {
    const { policy } = await this.bus.request('consent.v1.policies.update', {
      principal: principalOf(req),
      policyId: idParam(id, 'policy'),
      policy: apiBody(req, PolicyBodyV1),
    });
    return policy;
  }

  @Get('policies/:id/history')
  async history(@Req() req: XapiRequest, @Param('id') id: string) {
    const { policies } = await this.bus.request('consent.v1.policies.history', {
      principal: principalOf(req),
      policyId: idParam(id, 'policy'),
    });
    return policies;
  }

  @Get('me/consent-requests')
  async consentRequests(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.consent.requests', { principal: principalOf(req) })).requests;
  }

  @Post('me/grants')
  @HttpCode(201)
  async grant(@Req() req: XapiRequest) {
    const { receipt } = await this.bus.request('consent.v1.grants.create', {
      principal: principalOf(req),
      grant: apiBody(req, GrantBodyV1),
    });
    return receipt;
  }

  @Delete('me/grants/:id')
  async revoke(@Req() req: XapiRequest, @Param('id') id: string) {
    const { receipt } = await this.bus.request('consent.v1.grants.revoke', {
      principal: principalOf(req),
      grantId: idParam(id, 'grant'),
    });
    return receipt;
  }

  @Post('me/objections')
  @HttpCode(201)
  async object(@Req() req: XapiRequest) {
    const { receipt } = await this.bus.request('consent.v1.objections.create', {
      principal: principalOf(req),
      objection: apiBody(req, ObjectionBodyV1),
    });
    return receipt;
  }

  @Delete('me/objections/:id')
  async withdraw(@Req() req: XapiRequest, @Param('id') id: string) {
    const { receipt } = await this.bus.request('consent.v1.objections.withdraw', {
      principal: principalOf(req),
      objectionId: idParam(id, 'objection'),
    });
    return receipt;
  }

  @Get('me/receipts/:id')
  async receipt(@Req() req: XapiRequest, @Param('id') id: string) {
    const { receipt } = await this.bus.request('consent.v1.receipts.get', {
      principal: principalOf(req),
      receiptId: idParam(id, 'receipt'),
    });
    return receipt;
  }

  /** The learners linked to the signed-in guardian, each with whether the guardian acts for them today. */
  @Get('guardian/learners')
  async wards(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.guardian.learners', { principal: principalOf(req) })).learners;
  }

  @Get('guardian/learners/:learnerId/consent-requests')
  async wardConsentRequests(@Req() req: XapiRequest, @Param('learnerId') learnerId: string) {
    const { requests } = await this.bus.request('consent.v1.consent.requests', {
      principal: principalOf(req),
      learnerId: idParam(learnerId, 'learner'),
    });
    return requests;
  }

  @Post('guardian/learners/:learnerId/grants')
  @HttpCode(201)
  async wardGrant(@Req() req: XapiRequest, @Param('learnerId') learnerId: string) {
    const { receipt } = await this.bus.request('consent.v1.grants.create', {
      principal: principalOf(req),
      learnerId: idParam(learnerId, 'learner'),
      grant: apiBody(req, GrantBodyV1),
    });
    return receipt;
  }

  @Delete('guardian/learners/:learnerId/grants/:id')
  async wardRevoke(@Req() req: XapiRequest, @Param('learnerId') learnerId: string, @Param('id') id: string) {
    const { receipt } = await this.bus.request('consent.v1.grants.revoke', {
      principal: principalOf(req),
      learnerId: idParam(learnerId, 'learner'),
      grantId: idParam(id, 'grant'),
    });
    return receipt;
  }

  @Post('guardian/learners/:learnerId/objections')
  @HttpCode(201)
  async wardObject(@Req() req: XapiRequest, @Param('learnerId') learnerId: string) {
    const { receipt } = await this.bus.request('consent.v1.objections.create', {
      principal: principalOf(req),
      learnerId: idParam(learnerId, 'learner'),
      objection: apiBody(req, ObjectionBodyV1),
    });
    return receipt;
  }

  @Delete('guardian/learners/:learnerId/objections/:id')
  async wardWithdraw(
    @Req() req: XapiRequest,
    @Param('learnerId') learnerId: string,
    @Param('id') id: string,
  ) {
    const { receipt } = await this.bus.request('consent.v1.objections.withdraw', {
      principal: principalOf(req),
      learnerId: idParam(learnerId, 'learner'),
      objectionId: idParam(id, 'objection'),
    });
    return receipt;
  }

  @Get('guardian/learners/:learnerId/receipts/:id')
  async wardReceipt(@Req() req: XapiRequest, @Param('learnerId') learnerId: string, @Param('id') id: string) {
    const { receipt } = await this.bus.request('consent.v1.receipts.get', {
      principal: principalOf(req),
      learnerId: idParam(learnerId, 'learner'),
      receiptId: idParam(id, 'receipt'),
    });
    return receipt;
  }
}
