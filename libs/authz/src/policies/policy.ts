import type { AbilityBuilder } from '@casl/ability';

import type { AppAbility } from '../ability.types.js';
import type { XapiScope } from '../scopes.js';

/** The half of CASL's builder a policy may use; building the ability stays with the factory. */
export type RuleSink = Pick<AbilityBuilder<AppAbility>, 'can' | 'cannot'>;

/** The principal as policies see it: scopes already checked. */
export interface PolicyPrincipal {
  readonly tenantId: string;
  readonly credentialId: string;
  readonly scopes: readonly XapiScope[];
}

/** Adds the rules for one subject. Everything not granted stays denied. */
export type Policy = (rules: RuleSink, principal: PolicyPrincipal) => void;
