// What other consent features may use of grants: only the module (its handlers serve the bus).
export { GrantsModule } from './grants.module.js';
