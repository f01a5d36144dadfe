// What other consent features may use of policies.
export { PoliciesModule } from './policies.module.js';
export { PoliciesService } from './policies.service.js';
