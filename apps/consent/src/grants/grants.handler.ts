import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { GrantsService } from './grants.service.js';

/** The learner's consent: requests, grants, objections, receipts. */
@Injectable()
export class GrantsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly grants: GrantsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.consent.requests', async ({ principal }) => ({
      requests: await this.grants.consentRequests(principal),
    }));
    this.bus.serve('consent.v1.grants.create', async ({ principal, grant }) => ({
      receipt: await this.grants.grant(principal, grant),
    }));
    this.bus.serve('consent.v1.grants.revoke', async ({ principal, grantId }) => ({
      receipt: await this.grants.revoke(principal, grantId),
    }));
    this.bus.serve('consent.v1.objections.create', async ({ principal, objection }) => ({
      receipt: await this.grants.object(principal, objection.policyId),
    }));
    this.bus.serve('consent.v1.objections.withdraw', async ({ principal, objectionId }) => ({
      receipt: await this.grants.withdrawObjection(principal, objectionId),
    }));
    this.bus.serve('consent.v1.receipts.list', async ({ principal }) => ({
      receipts: await this.grants.receipts(principal),
    }));
    this.bus.serve('consent.v1.receipts.get', async ({ principal, receiptId }) => ({
      receipt: await this.grants.receipt(principal, receiptId),
    }));
  }
}
