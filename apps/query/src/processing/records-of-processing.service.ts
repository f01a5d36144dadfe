// GET /api/v1/records-of-processing: the tenant's current policies (consent) and retention rules (storage), each
// part deciding with CASL that the asker may have them (the tenant's admins and auditors); built by
// records-of-processing.ts. Not recorded in the audit log: they hold no learner data.
import { abilityWithoutPolicies, processingRecordsOf } from '@custos/authz';
import {
  ForbiddenError,
  type RecordsOfProcessingRequestV1,
  type RecordsOfProcessingV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable } from '@nestjs/common';

import { recordsOfProcessing } from './records-of-processing.js';

@Injectable()
export class RecordsOfProcessingService {
  constructor(private readonly bus: MessageBus) {}

  async records({ principal }: RecordsOfProcessingRequestV1): Promise<RecordsOfProcessingV1> {
    // Checked here too, so a refused asker costs consent and storage nothing.
    if (!abilityWithoutPolicies(principal).can('read', processingRecordsOf(principal.tenantId))) {
      throw new ForbiddenError('the records of processing are for the admins and auditors of the tenant');
    }
    const [{ policies }, { rules }] = await Promise.all([
      this.bus.request('consent.v1.processing.policies', { principal }),
      this.bus.request('storage.v1.processing.retention', { principal }),
    ]);
    return recordsOfProcessing(principal.tenantId, policies, rules, new Date());
  }
}
