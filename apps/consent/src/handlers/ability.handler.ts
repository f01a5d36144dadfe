import { rulesFor } from '@custos/authz';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

/**
 * consent.v1.ability.get: the principal's CASL rules. Consent is the one place that knows a
 * principal's grants and policies; today the rules follow from the credential's xAPI scopes.
 */
@Injectable()
export class AbilityHandler implements OnModuleInit {
  constructor(private readonly bus: MessageBus) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.ability.get', async (req) => ({
      rules: rulesFor(req.principal) as unknown as Record<string, unknown>[],
    }));
  }
}
