// Import jobs: the rows of imports from other LRSs (their statements are written by statements/).
import { Module } from '@nestjs/common';

import { ImportJobRepository } from './import-job.repository.js';
import { ImportJobsService } from './import-jobs.service.js';
import { ImportsHandler } from './imports.handler.js';

@Module({ providers: [ImportJobRepository, ImportJobsService, ImportsHandler] })
export class ImportsModule {}
