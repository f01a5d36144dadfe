import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ImportJobsService } from './import-jobs.service.js';

/** storage.v1.imports.*: import jobs' rows, written by the runner (ingest) and followed by admins. */
@Injectable()
export class ImportsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly jobs: ImportJobsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.imports.begin', (req) => this.jobs.begin(req));
    this.bus.serve('storage.v1.imports.progress', (req) => this.jobs.progress(req));
    this.bus.serve('storage.v1.imports.get', (req) => this.jobs.get(req));
    this.bus.serve('storage.v1.imports.list', (req) => this.jobs.list(req));
  }
}
