// What composition roots (standalone, CLI) may use from the storage part.
export { AuditService } from './audit/audit.service.js';
export { AuditVerifyService, type VerifyOptions } from './audit/audit-verify.service.js';
export {
  AuditRetentionService,
  RETENTION_OPERATOR,
  type PruneResult,
} from './audit/audit-retention.service.js';
export { AuditCheckpointService } from './audit/audit-checkpoint.service.js';
export { publicKeyFromPem } from './audit/audit-checkpoint.js';
export { AuditMaintenance, type AuditMaintenanceOptions } from './audit/audit-maintenance.js';
export {
  type AuditKeySettings,
  auditKeySettingsOf,
  auditKeysFrom,
  ensureAuditKeyFiles,
  generateAuditKeySettings,
  learnerKeyOf,
} from './audit/audit-keys.js';
export { storageDataSource, STORAGE_SCHEMA } from './db/data-source.js';
export { storageRoleGrants } from './db/grants.js';
export { StorageHealth } from './core/health.handler.js';
export { StorageModule, type StorageModuleOptions } from './storage.module.js';
export { storageShape } from './config.js';
