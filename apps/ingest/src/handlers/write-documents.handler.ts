import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DocumentsWriteService } from '../documents.service.js';

/** ingest.v1.documents.write: PUT, POST and DELETE on the three Document Resources. */
@Injectable()
export class WriteDocumentsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly documents: DocumentsWriteService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('ingest.v1.documents.write', (req) => this.documents.write(req));
  }
}
