import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DocumentsQueryService } from './documents.service.js';

/** query.v1.documents.find: GET (and HEAD) on the three Document Resources. */
@Injectable()
export class FindDocumentsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly documents: DocumentsQueryService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.documents.find', (req) => this.documents.find(req));
  }
}
