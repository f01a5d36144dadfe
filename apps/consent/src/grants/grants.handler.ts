import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { GrantsService } from './grants.service.js';

/** A learner's consent: requests, grants, objections, receipts — by the learner, or a guardian for a minor. */
@Injectable()
export class GrantsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly grants: GrantsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.consent.requests', async ({ principal, learnerId }) => ({
      requests: await this.grants.consentRequests(principal, learnerId),
    }));
    this.bus.serve('consent.v1.grants.create', async ({ principal, grant, learnerId }) => ({
      receipt: await this.grants.grant(principal, grant, learnerId),
    }));
    this.bus.serve('consent.v1.grants.revoke', async ({ principal, grantId, learnerId }) => ({
      receipt: await this.grants.revoke(principal, grantId, learnerId),
    }));
    this.bus.serve('consent.v1.objections.create', async ({ principal, objection, learnerId }) => ({
      receipt: await this.grants.object(principal, objection.policyId, learnerId),
    }));
    this.bus.serve('consent.v1.objections.withdraw', async ({ principal, objectionId, learnerId }) => ({
      receipt: await this.grants.withdrawObjection(principal, objectionId, learnerId),
    }));
    this.bus.serve('consent.v1.receipts.list', async ({ principal }) => ({
      receipts: await this.grants.receipts(principal),
    }));
    this.bus.serve('consent.v1.receipts.get', async ({ principal, receiptId, learnerId }) => ({
      receipt: await this.grants.receipt(principal, receiptId, learnerId),
    }));
  }
}
