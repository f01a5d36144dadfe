import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AuditIntegrityService } from './audit-integrity.service.js';

/** query.v1.audit.verify, .checkpoints.list / .create and .public-key: verifying the audit log over the API. */
@Injectable()
export class AuditIntegrityHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly integrity: AuditIntegrityService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.audit.verify', (req) => this.integrity.verify(req));
    this.bus.serve('query.v1.audit.checkpoints.list', (req) => this.integrity.checkpoints(req));
    this.bus.serve('query.v1.audit.checkpoints.create', (req) => this.integrity.checkpoint(req));
    this.bus.serve('query.v1.audit.public-key', (req) => this.integrity.publicKey(req));
    this.bus.serve('query.v1.audit.proof', (req) => this.integrity.proof(req));
  }
}
