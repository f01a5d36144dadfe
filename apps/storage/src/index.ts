// What composition roots (standalone, CLI) may use from the storage part.
export { AuditService } from './audit.service.js';
export {
  type AuditKeySettings,
  auditKeySettingsOf,
  auditKeysFrom,
  ensureAuditKeyFiles,
  generateAuditKeySettings,
} from './audit-keys.js';
export { storageDataSource, STORAGE_SCHEMA } from './db/data-source.js';
export { StorageHealth } from './handlers/health.handler.js';
export { StorageModule, type StorageModuleOptions } from './storage.module.js';
export { storageShape } from './config.js';
