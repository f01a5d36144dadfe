// What other storage rooms and the part's public index may use of the audit log.
export { AuditModule } from './audit.module.js';
export { AuditService } from './audit.service.js';
export { AuditVerifyService, type VerifyOptions } from './audit-verify.service.js';
export { AuditRetentionService, RETENTION_OPERATOR, type PruneResult } from './audit-retention.service.js';
export { AuditCheckpointService } from './audit-checkpoint.service.js';
export { publicKeyFromPem, trustedKeysOf } from './audit-checkpoint.js';
export { type EvidenceVerdict, evidenceVerdictLine, verifyEvidencePack } from './audit-evidence.js';
export { AuditMaintenance, type AuditMaintenanceOptions } from './audit-maintenance.js';
export {
  type AuditKeySettings,
  auditKeySettingsOf,
  auditKeysFrom,
  ensureAuditKeyFiles,
  generateAuditKeySettings,
  learnerKeyOf,
} from './audit-keys.js';
export { AuditSequencer } from './audit-sequencer.js';
