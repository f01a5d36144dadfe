// The audit log: records every read and write writes, the sequencer that makes them each tenant's hash chain and
// Merkle tree (ADR 0010), its signed heads and checkpoints, proofs, retention and reads.
import { Module } from '@nestjs/common';

import { STORAGE_OPTIONS, type StorageModuleOptions } from '../core/index.js';
import { AuditCheckpointRepository } from './audit-checkpoint.repository.js';
import { AuditCheckpointService } from './audit-checkpoint.service.js';
import { AuditEvidenceService } from './audit-evidence.service.js';
import { AuditIntegrityHandler } from './audit-integrity.handler.js';
import { AuditProofs } from './audit-proofs.js';
import { AUDIT_KEYS, auditKeysFrom } from './audit-keys.js';
import { AuditLogHandler } from './audit-log.handler.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditMetrics } from './audit-metrics.js';
import { AUDIT_MAINTENANCE, AuditMaintenance } from './audit-maintenance.js';
import { AuditRetentionRepository } from './audit-retention.repository.js';
import { AuditRetentionService } from './audit-retention.service.js';
import { AuditVerifyService } from './audit-verify.service.js';
import { AuditHandler } from './audit.handler.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AUDIT_SEQUENCER, AuditSequencer, type AuditSequencerOptions } from './audit-sequencer.js';
import { AuditSequencerRepository } from './audit-sequencer.repository.js';
import { ChangeRecordsHandler } from './change-records.handler.js';

/** Exports only the append API (AuditService): other features record what they did, in their unit of work. */
@Module({
  providers: [
    {
      provide: AUDIT_KEYS,
      useFactory: (options: StorageModuleOptions) => auditKeysFrom(options.audit),
      inject: [STORAGE_OPTIONS],
    },
    {
      provide: AUDIT_MAINTENANCE,
      useFactory: (options: StorageModuleOptions) => options.auditMaintenance ?? null,
      inject: [STORAGE_OPTIONS],
    },
    {
      provide: AUDIT_SEQUENCER,
      useFactory: (options: StorageModuleOptions): AuditSequencerOptions => ({
        everyMs: options.auditSequenceEveryMs ?? 250,
      }),
      inject: [STORAGE_OPTIONS],
    },
    AuditRepository,
    AuditSequencerRepository,
    AuditSequencer,
    AuditService,
    AuditHandler,
    ChangeRecordsHandler,
    AuditCheckpointRepository,
    AuditRetentionRepository,
    AuditVerifyService,
    AuditCheckpointService,
    AuditRetentionService,
    AuditMaintenance,
    AuditProofs,
    AuditEvidenceService,
    AuditIntegrityHandler,
    AuditLogRepository,
    AuditLogService,
    AuditLogHandler,
    AuditMetrics,
  ],
  exports: [AuditService],
})
export class AuditModule {}
