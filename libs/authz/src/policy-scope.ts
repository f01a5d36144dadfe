// The statements a policy's scope covers, whoever its grantee is: what an erasure must respect when the policy
// rests on a legal obligation (docs/adr/0013-erasure-and-crypto-shredding.md). Built from the same rules as a
// grantee's read, so "covered by the policy" means here exactly what it means for reading.
import { AbilityBuilder, createMongoAbility } from '@casl/ability';

import type { AppAbility } from './ability.types.js';
import { type AccessFilter, accessFilterFor } from './access-filter.js';
import { type InstitutionPolicy, institutionPolicyRules } from './policies/institution.policy.js';

/**
 * The access filter of the statements `policy` covers (its scope and lawful-basis conditions; redaction left out,
 * since it narrows fields, not records), or null when it covers none.
 */
export function policyScopeFilter(policy: InstitutionPolicy): AccessFilter | null {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  institutionPolicyRules(builder, policy.tenantId, [{ ...policy, redactFields: [] }]);
  return accessFilterFor(createMongoAbility<AppAbility>(builder.rules), 'read', 'Statement');
}
