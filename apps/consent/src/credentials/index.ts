// What other consent features may use of credentials.
export { CredentialsModule } from './credentials.module.js';
export { type CredentialView, CredentialsService } from './credentials.service.js';
