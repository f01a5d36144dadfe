import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AuditCheckpointService } from './audit-checkpoint.service.js';
import { AuditEvidenceService } from './audit-evidence.service.js';
import { AuditProofs } from './audit-proofs.js';
import { AuditVerifyService } from './audit-verify.service.js';

/** storage.v1.audit.verify, .checkpoints.list / .create, .public-key, .proof and .evidence: is the log whole, and the proof. */
@Injectable()
export class AuditIntegrityHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly verifier: AuditVerifyService,
    private readonly checkpoints: AuditCheckpointService,
    private readonly proofs: AuditProofs,
    private readonly evidence: AuditEvidenceService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.audit.verify', (req) => this.verifier.verifyAsked(req));
    this.bus.serve('storage.v1.audit.checkpoints.list', (req) => this.checkpoints.list(req));
    this.bus.serve('storage.v1.audit.checkpoints.create', (req) => this.checkpoints.checkpointNow(req));
    this.bus.serve('storage.v1.audit.public-key', (req) => this.checkpoints.publicKey(req));
    this.bus.serve('storage.v1.audit.proof', (req) => this.proofs.answer(req));
    this.bus.serve('storage.v1.audit.evidence', (req) => this.evidence.build(req));
  }
}
