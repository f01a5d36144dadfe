// What composition roots (standalone, CLI) may use from the consent part.
export {
  consentConfigShape,
  consentShape,
  erasureOptionsOf,
  forwardingOptionsOf,
  oidcOptionsOf,
  signInThrottleOf,
} from './config.js';
export { ConsentModule } from './consent.module.js';
export type { ConsentModuleOptions } from './consent.options.js';
export { CredentialsService, type CredentialView } from './credentials/index.js';
export { CONSENT_SCHEMA, consentDataSource } from './db/data-source.js';
export { CONSENT_PUBLISHED_VIEWS, consentRoleGrants, consentViewReaderGrants } from './db/grants.js';
export { type ErasureReplayReport, ErasureService } from './erasure/index.js';
export { ConsentHealth } from './health.handler.js';
export { PeopleService } from './people/index.js';
export { PoliciesService } from './policies/index.js';
export {
  DEFAULT_SIGN_IN_THROTTLE,
  ensureSigningKeyFile,
  type SignInThrottleSettings,
} from './tokens/index.js';
