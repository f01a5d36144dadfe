// The Activities resource: canonical Activity definitions, what a caller may be told of them, and their upkeep.
import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/index.js';
import { ActivitiesHandler } from './activities.handler.js';
import { ActivitiesService } from './activities.service.js';
import { ActivityRepository } from './activity.repository.js';

/** Exports the repository for the statement write, which merges the definitions it stores in its unit of work. */
@Module({
  imports: [AuditModule],
  providers: [ActivityRepository, ActivitiesService, ActivitiesHandler],
  exports: [ActivityRepository],
})
export class ActivitiesModule {}
