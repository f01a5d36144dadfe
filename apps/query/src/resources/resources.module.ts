// Resources: the Activities and Agents resources, answered from what the caller may read.
import { Module } from '@nestjs/common';

import { ResourcesService } from './resources.service.js';
import { ResourcesHandler } from './resources.handler.js';

@Module({ providers: [ResourcesService, ResourcesHandler] })
export class ResourcesModule {}
