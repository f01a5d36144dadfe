// xAPI 1.0.3 Communication §2.3 (State), §2.6 (Agent Profile), §2.7 (Activity Profile), §3.1
// (Concurrency) and IEEE 9274.1.1 §4.1.4, §4.1.6.2, §4.1.6.5, §4.1.6.6. Writes and deletes go to ingest,
// reads to query; this controller only maps HTTP to messages and back. Express answers HEAD with the GET
// handlers, without the body.
import type { DocumentKindV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { documentEtag, quoteEtag } from '@custos/xapi';
import { Controller, Delete, Get, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { documentBody, documentParams, preconditionHeaders } from './document-request.js';
import { principalOf, versionOf, type XapiRequest } from './xapi-request.js';

// Full paths on every route: the Activities and Agents resources live at /xapi/activities and
// /xapi/agents in another controller.
const STATE = 'xapi/activities/state';
const ACTIVITY_PROFILE = 'xapi/activities/profile';
const AGENT_PROFILE = 'xapi/agents/profile';

@Controller()
@UseGuards(BasicAuthGuard)
export class DocumentsController {
  constructor(private readonly bus: MessageBus) {}

  @Get(STATE)
  getState(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.read(req, res, 'state');
  }

  @Put(STATE)
  putState(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'state', 'PUT');
  }

  @Post(STATE)
  postState(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'state', 'POST');
  }

  @Delete(STATE)
  deleteState(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'state', 'DELETE');
  }

  @Get(ACTIVITY_PROFILE)
  getActivityProfile(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.read(req, res, 'activityProfile');
  }

  @Put(ACTIVITY_PROFILE)
  putActivityProfile(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'activityProfile', 'PUT');
  }

  @Post(ACTIVITY_PROFILE)
  postActivityProfile(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'activityProfile', 'POST');
  }

  @Delete(ACTIVITY_PROFILE)
  deleteActivityProfile(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'activityProfile', 'DELETE');
  }

  @Get(AGENT_PROFILE)
  getAgentProfile(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.read(req, res, 'agentProfile');
  }

  @Put(AGENT_PROFILE)
  putAgentProfile(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'agentProfile', 'PUT');
  }

  @Post(AGENT_PROFILE)
  postAgentProfile(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'agentProfile', 'POST');
  }

  @Delete(AGENT_PROFILE)
  deleteAgentProfile(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.write(req, res, 'agentProfile', 'DELETE');
  }

  /** PUT, POST and DELETE answer 204 No Content (Communication §2.3, §2.6, §2.7). */
  private async write(
    req: XapiRequest,
    res: Response,
    kind: DocumentKindV1,
    method: 'PUT' | 'POST' | 'DELETE',
  ): Promise<void> {
    const { etag } = await this.bus.request('ingest.v1.documents.write', {
      principal: principalOf(req),
      version: versionOf(req),
      kind,
      method,
      params: documentParams(req),
      ...preconditionHeaders(req),
      ...(method === 'DELETE' ? {} : { body: documentBody(req) }),
    });
    if (etag !== undefined) res.setHeader('ETag', quoteEtag(etag));
    res.status(204).end();
  }

  /**
   * One document with its own Content-Type, or the array of ids. ETag (§3.1: quoted SHA-1 hex of the
   * body) and Last-Modified (§2.2: the document's, or the newest of those listed) on both.
   */
  private async read(req: XapiRequest, res: Response, kind: DocumentKindV1): Promise<void> {
    const result = await this.bus.request('query.v1.documents.find', {
      principal: principalOf(req),
      version: versionOf(req),
      kind,
      params: documentParams(req),
    });
    if (result.lastModified) res.setHeader('Last-Modified', new Date(result.lastModified).toUTCString());
    if (result.document) {
      res.setHeader('ETag', quoteEtag(result.document.etag));
      res.setHeader('Content-Type', result.document.contentType);
      res.status(200).send(Buffer.from(result.document.content, 'base64'));
      return;
    }
    const body = JSON.stringify(result.ids ?? []);
    res.setHeader('ETag', quoteEtag(documentEtag(Buffer.from(body, 'utf8'))));
    res.status(200).type('application/json').send(body);
  }
}
