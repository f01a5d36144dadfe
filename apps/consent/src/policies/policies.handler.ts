import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { PoliciesService } from './policies.service.js';

/** consent.v1.policies.* (admin API) and the learner's consent: requests, grants, objections, receipts. */
@Injectable()
export class PoliciesHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly policies: PoliciesService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.policies.list', async ({ principal }) => ({
      policies: await this.policies.list(principal),
    }));
    this.bus.serve('consent.v1.policies.create', async ({ principal, policy }) => ({
      policy: await this.policies.create(principal, policy),
    }));
    this.bus.serve('consent.v1.policies.update', async ({ principal, policyId, policy }) => ({
      policy: await this.policies.update(principal, policyId, policy),
    }));
    this.bus.serve('consent.v1.policies.history', async ({ principal, policyId }) => ({
      policies: await this.policies.history(principal, policyId),
    }));
    this.bus.serve('consent.v1.policies.counts', async ({ principal }) => ({
      counts: await this.policies.counts(principal),
    }));
    this.bus.serve('consent.v1.consent.requests', async ({ principal }) => ({
      requests: await this.policies.consentRequests(principal),
    }));
    this.bus.serve('consent.v1.grants.create', async ({ principal, grant }) => ({
      receipt: await this.policies.grant(principal, grant),
    }));
    this.bus.serve('consent.v1.grants.revoke', async ({ principal, grantId }) => ({
      receipt: await this.policies.revoke(principal, grantId),
    }));
    this.bus.serve('consent.v1.objections.create', async ({ principal, objection }) => ({
      receipt: await this.policies.object(principal, objection.policyId),
    }));
    this.bus.serve('consent.v1.objections.withdraw', async ({ principal, objectionId }) => ({
      receipt: await this.policies.withdrawObjection(principal, objectionId),
    }));
    this.bus.serve('consent.v1.receipts.get', async ({ principal, receiptId }) => ({
      receipt: await this.policies.receipt(principal, receiptId),
    }));
  }
}
