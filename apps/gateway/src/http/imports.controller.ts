// Import from another LRS (docs/flows.md "Import from another LRS"): a tenant admin starts an import (ingest runs
// it) and follows it (storage keeps the job). The gateway maps HTTP to messages; ingest and storage decide.
import { StartImportBodyV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { apiBody } from './api-body.js';
import { idParam } from './id-param.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

@Controller('api/v1/imports')
@UseGuards(BasicAuthGuard)
export class ImportsController {
  constructor(private readonly bus: MessageBus) {}

  /** Begins an import, or resumes the unfinished one from the same source; answers at once with its job. */
  @Post()
  @HttpCode(201)
  async start(@Req() req: XapiRequest) {
    const { job } = await this.bus.request('ingest.v1.imports.start', {
      principal: principalOf(req),
      body: apiBody(req, StartImportBodyV1),
    });
    return job;
  }

  @Get()
  async list(@Req() req: XapiRequest) {
    return (await this.bus.request('storage.v1.imports.list', { principal: principalOf(req) })).jobs;
  }

  @Get(':id')
  async get(@Req() req: XapiRequest, @Param('id') id: string) {
    const { job } = await this.bus.request('storage.v1.imports.get', {
      principal: principalOf(req),
      id: idParam(id, 'import'),
    });
    return job;
  }
}
