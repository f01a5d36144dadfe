// xAPI 2.0 Communication §2.1 — Statements resource.
import { BadRequestError } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Get, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { CONSISTENT_THROUGH } from './consistent-through.middleware.js';
import { sendWithAttachments, statementBody } from './statement-body.js';
import { acceptLanguages, principalOf, versionOf, type XapiRequest } from './xapi-request.js';

@Controller('xapi/statements')
@UseGuards(BasicAuthGuard)
export class StatementsController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  async post(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    const { ids } = await this.bus.request('ingest.v1.statements.ingest', {
      principal: principalOf(req),
      version: versionOf(req),
      ...statementBody(req),
    });
    res.status(200).json(ids);
  }

  @Put()
  async put(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    const statementId = req.query.statementId;
    if (typeof statementId !== 'string' || statementId === '') {
      throw new BadRequestError('PUT /statements requires a single statementId parameter');
    }
    await this.bus.request('ingest.v1.statements.ingest', {
      principal: principalOf(req),
      version: versionOf(req),
      ...statementBody(req),
      statementId,
    });
    res.status(204).end();
  }

  /** Express answers HEAD with this handler too, without the body (xAPI requires HEAD). */
  @Get()
  async get(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    const result = await this.bus.request('query.v1.statements.find', {
      principal: principalOf(req),
      version: versionOf(req),
      params: req.query as Record<string, string | string[]>,
      acceptLanguages: acceptLanguages(req),
    });
    res.setHeader(CONSISTENT_THROUGH, result.consistentThrough);
    if (result.lastModified) res.setHeader('Last-Modified', new Date(result.lastModified).toUTCString());
    const json = result.statement ?? {
      statements: result.statements ?? [],
      more: result.more ? `${req.baseUrl}/xapi/statements?more=${encodeURIComponent(result.more)}` : '',
    };
    // Communication §2.1.3: attachments=true answers multipart/mixed, the JSON first.
    if (result.attachments) {
      sendWithAttachments(res, json, result.attachments);
      return;
    }
    res.status(200).json(json);
  }
}
