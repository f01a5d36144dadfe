import { rulesFor } from '@custos/authz';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { institutionPolicyOf } from './consent-scope.js';
import { PoliciesService } from './policies.service.js';

/**
 * consent.v1.ability.get: the principal's CASL rules. Consent is the one place that knows a principal's
 * policies: the rules follow from the credential's xAPI scopes or the person's roles, plus the current
 * institution policies whose grantee the principal is. Grants and objections are read by SQL at query time.
 * With `withAccessVersion`, also the tenant's access version the rules were built at, for a reader that keeps
 * them (ADR 0011).
 */
@Injectable()
export class AbilityHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly policies: PoliciesService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.ability.get', async (req) => {
      // The version first (see PolicyRepository.accessVersion): the rules below are at least as new as it.
      const accessVersion = req.withAccessVersion
        ? await this.policies.accessVersion(req.principal.tenantId)
        : undefined;
      const views = await this.policies.applicableViews(req.principal);
      return {
        rules: rulesFor(req.principal, {
          policies: views.map(institutionPolicyOf),
        }) as unknown as Record<string, unknown>[],
        // The same policies, so a reader can name the ones that let a read through in its audit record.
        policies: views.map(({ id, version, tenantId, lawfulBasis, scope, redactFields }) => ({
          id,
          version,
          tenantId,
          lawfulBasis,
          scope,
          redactFields,
        })),
        ...(accessVersion !== undefined ? { accessVersion } : {}),
      };
    });
  }
}
