import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DirectoryService } from './directory.service.js';

/** consent.v1.people.identifiers and consent.v1.principals.names (for reading the audit log). */
@Injectable()
export class DirectoryHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly directory: DirectoryService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.people.identifiers', (req) => this.directory.identifiersOf(req));
    this.bus.serve('consent.v1.principals.names', (req) => this.directory.namesOf(req));
  }
}
