export {
  anAttachment,
  type AttachmentFixture,
  type BinaryResponse,
  type BinaryXapi,
  binaryXapi,
  multipartStatements,
  type RawPart,
  readMultipart,
  sha256Hex,
} from './attachments.js';
export { aSigner, type Signer, signStatement, type SignOptions } from './signing.js';
export { createScratchDatabase, withDatabaseName } from './database.js';
export {
  aLearner,
  anActivity,
  aStatement,
  aVerb,
  type StatementShape,
} from './factories/statement.factory.js';
export { type Infra, MissingInfraError, resolveInfra } from './infra.js';
export { type Cluster, type ClusterOptions, startCluster, type PartName } from './cluster.js';
export { spawnStandalone, type StandaloneProcess } from './standalone-process.js';
export { type RunningProcess, spawnNode } from './processes.js';
export {
  postgresBinDir,
  startThrowawayPostgres,
  type ThrowawayPostgres,
  type ThrowawayPostgresOptions,
} from './throwaway-postgres.js';
export { xapiClient, type XapiClient, type XapiResponse } from './xapi-client.js';
export { freePort, waitFor } from './wait.js';
export { inProcessContext } from './in-process.js';
export { type SecuredNats, startSecuredNats } from './secured-nats.js';
export { deleteNamespaceStreams } from './nats-streams.js';
export { hasOpenssl, makeTestCa, type TestCa } from './test-ca.js';
export { startTestOidcIssuer, type TestOidcIssuer } from './oidc-issuer.js';
export { startVaultTransit, type VaultTransitStandIn } from './vault-transit.js';
export { type ApiAnswer, type ApiSession, signInToApi } from './api-session.js';
