import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ExportsQueryService } from './exports.service.js';

/** query.v1.exports.start / .read: the pages of a learner data export, which the gateway streams. */
@Injectable()
export class ExportsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly exports: ExportsQueryService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.exports.start', (req) => this.exports.start(req));
    this.bus.serve('query.v1.exports.read', (req) => this.exports.read(req));
  }
}
