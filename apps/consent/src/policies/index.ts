// What other consent features may use of policies.
export { canObjectTo, grantScopeErrors, institutionPolicyOf, receiptOf } from './consent-scope.js';
export { PoliciesModule } from './policies.module.js';
export { PoliciesService } from './policies.service.js';
