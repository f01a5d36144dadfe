// What composition roots (standalone, CLI) may use from the storage part.
export { AuditService } from './audit.service.js';
export { AuditVerifyService, type VerifyOptions } from './audit-verify.service.js';
export { AuditRetentionService, RETENTION_OPERATOR, type PruneResult } from './audit-retention.service.js';
export { AuditCheckpointService } from './audit-checkpoint.service.js';
export { publicKeyFromPem } from './audit-checkpoint.js';
export { AuditMaintenance, type AuditMaintenanceOptions } from './audit-maintenance.js';
export {
  type AuditKeySettings,
  auditKeySettingsOf,
  auditKeysFrom,
  ensureAuditKeyFiles,
  generateAuditKeySettings,
  learnerKeyOf,
} from './audit-keys.js';
export { storageDataSource, STORAGE_SCHEMA } from './db/data-source.js';
export { storageRoleGrants } from './db/grants.js';
export { StorageHealth } from './handlers/health.handler.js';
export { StorageModule, type StorageModuleOptions } from './storage.module.js';
export { storageShape } from './config.js';
