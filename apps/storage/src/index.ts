// What composition roots (standalone, CLI) may use from the storage part.
export {
  AuditCheckpointService,
  type AuditKeySettings,
  auditKeySettingsOf,
  auditKeysFrom,
  AuditMaintenance,
  type AuditMaintenanceOptions,
  AuditRetentionService,
  AuditService,
  AuditVerifyService,
  ensureAuditKeyFiles,
  generateAuditKeySettings,
  learnerKeyOf,
  type PruneResult,
  publicKeyFromPem,
  RETENTION_OPERATOR,
  trustedKeysOf,
  type EvidenceVerdict,
  evidenceVerdictLine,
  verifyEvidencePack,
  type VerifyOptions,
} from './audit/index.js';
export { StorageHealth } from './core/index.js';
export { RETENTION_PURGE_OPERATOR, RetentionService } from './retention/index.js';
export { storageDataSource, STORAGE_SCHEMA } from './db/data-source.js';
export { STATEMENT_WRITE_GROUPS } from './statements/index.js';
export { storageRoleGrants } from './db/grants.js';
export { StorageModule, type StorageModuleOptions } from './storage.module.js';
export { storageConfigShape, storageShape } from './config.js';
export { HeldSchedule, PSEUDONYM_HOME_PAGE } from './write-purposes/index.js';
export {
  DataKeys,
  KeyStoreRepository,
  keyStoreSettingsOf,
  type RecordedErasure,
  Sealing,
  tenantKeysFrom,
  type TenantKeys,
  type TenantKeySettings,
  VaultTransitTenantKeys,
} from './sealing/index.js';
export { KEYS_SCHEMA } from './db/data-source.js';
