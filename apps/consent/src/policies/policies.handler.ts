import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { PoliciesService } from './policies.service.js';

/** consent.v1.policies.*: the admin API of institution policies. */
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
    this.bus.serve('consent.v1.processing.policies', async ({ principal }) => ({
      policies: await this.policies.forProcessingRecords(principal),
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
  }
}
