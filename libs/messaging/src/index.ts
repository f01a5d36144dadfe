export { assertBeforeDeadline, COMMIT_BUDGET_MS, REPLY_MARGIN_MS } from './deadline.js';
export { FaultLog, isConnectionFault, RETRY_AFTER_SECONDS } from './faults.js';
export { InProcessBus } from './in-process-bus.js';
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type EventHandler,
  MessageBus,
  type RequestHandler,
  type RequestOptions,
} from './message-bus.js';
export { MessagingModule, type MessagingOptions } from './messaging.module.js';
export { NatsBus, type NatsBusOptions } from './nats-bus.js';
export {
  inboxPrefixOf,
  natsAuthOf,
  type NatsClientSettings,
  natsConnectionOptions,
  redactNatsUrl,
} from './nats-connection.js';
export { type HealthChecks, type PartWithHealth, serveHealth } from './health.js';
export {
  addStages,
  currentRequestContext,
  recordStage,
  type RequestContext,
  runInRequestContext,
  timeStage,
} from './request-context.js';
export { generatePartKeys, type PartKey } from './nats-keys.js';
export {
  natsAccountName,
  natsAccountsConfig,
  type NatsAuthMethod,
  partPermissions,
  type PartPermissions,
  serverCredentialVariable,
} from './nats-permissions.js';
export {
  DEFAULT_ASSERTION_TTL_SECONDS,
  keyIdOf,
  principalDigest,
  PrincipalAssertions,
  type PrincipalKeys,
  type RefusalReason,
} from './principal-assertion.js';
export {
  type PrincipalRefusal,
  type RefusalRecorder,
  RefusalLimiter,
  refusalError,
  refusalsThroughStorage,
} from './principal-gate.js';
export {
  ephemeralPrincipalKeys,
  type PrincipalKeyConfig,
  principalKeysOf,
  SIGNING_KEY_VAR,
  standalonePrincipalKeys,
  VERIFY_KEYS_VAR,
  withOwnPublicKey,
} from './principal-keys.js';
export { PRINCIPAL_HEADER } from './context-headers.js';
export {
  type AppliedAsset,
  applyJetStreamAssets,
  type AssetAction,
  EVENT_MAX_AGE_MS,
  eventStreamConfig,
  type EventStreamConfig,
} from './jetstream-assets.js';
