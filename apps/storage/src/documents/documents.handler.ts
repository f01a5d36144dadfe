import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DocumentsService } from './documents.service.js';

/** storage.v1.documents.write / .read: the only way into storage.document. */
@Injectable()
export class DocumentsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly documents: DocumentsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.documents.write', (req) => this.documents.write(req));
    this.bus.serve('storage.v1.documents.read', (req) => this.documents.read(req));
  }
}
