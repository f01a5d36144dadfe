// Records of processing (GDPR Art. 30): query.v1.processing.records.
import { MessageBus } from '@custos/messaging';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';

import { RecordsOfProcessingService } from './records-of-processing.service.js';

@Injectable()
export class ProcessingHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly records: RecordsOfProcessingService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.processing.records', (req) => this.records.records(req));
  }
}

@Module({ providers: [RecordsOfProcessingService, ProcessingHandler] })
export class ProcessingModule {}
