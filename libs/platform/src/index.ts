export {
  createOwnedDataSource,
  databaseReady,
  migrate,
  ownedDatabase,
  type OwnedDatabase,
  ownedDatabaseModule,
  type OwnedDatabaseOptions,
  type OwnedSchema,
} from './database.js';
export { databaseHealth, type DatabaseHealth } from './database-health.js';
export {
  type DatabaseConnection,
  databaseConnectionOf,
  type DatabaseTlsOptions,
  SSL_MODES,
  type SslMode,
} from './database-connection.js';
export { applyRoleGrants, ownSchemaGrants, quoteIdent, type RoleGrants } from './database-roles.js';
export { schemaDrift } from './schema-drift.js';
export { startHealthServer, type ReadinessCheck } from './health-server.js';
export { createLogger, LOGGER, PinoNestLogger, REDACTED_PATHS } from './logger.js';
export { PlatformModule } from './platform.module.js';
export {
  type OutboxOptions,
  outboxProvider,
  type StagedEvent,
  type TransactionHandle,
  TransactionalOutbox,
} from './outbox.js';
export {
  addOutboxTraceContext,
  createOutboxTable,
  OutboxColumns,
  outboxMigration,
  outboxTraceContextMigration,
} from './outbox-table.js';
export { composeRoot, type PartConfig, runPart, type RunPartOptions } from './run-part.js';
export {
  GroupCommit,
  type GroupCommitBounds,
  type GroupCommitWork,
  type GroupMember,
} from './group-commit.js';
export { UnitOfWork, UnitsOfWork, unitsOfWorkProvider } from './unit-of-work.js';
export { open, seal, tryOpen } from './aead.js';
