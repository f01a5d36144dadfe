// /api/v1/credentials: a tenant's admins create xAPI client credentials (the secret is in the creation's answer
// only), list them and revoke them. Every decision (who may, which tenant) is made by consent; the gateway only
// parses the body with the contract schema (400 naming the field) and maps HTTP to messages.
import { BindCredentialBodyV1, CreateCredentialBodyV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { apiBody } from './api-body.js';
import { idParam } from './id-param.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

@Controller('api/v1/credentials')
@UseGuards(BasicAuthGuard)
export class CredentialsController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  async list(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.credentials.list', { principal: principalOf(req) }))
      .credentials;
  }

  @Post()
  @HttpCode(201)
  async create(@Req() req: XapiRequest, @Res({ passthrough: true }) res: Response) {
    const created = await this.bus.request('consent.v1.credentials.create', {
      principal: principalOf(req),
      credential: apiBody(req, CreateCredentialBodyV1),
    });
    // The answer holds a secret: no cache (the browser's or a proxy's) may keep it (RFC 9111 §5.2.2.5).
    res.setHeader('Cache-Control', 'no-store');
    return created;
  }

  /** Binds the credential to a policy's purpose, or unbinds it (docs/privacy-operations.md "Write purposes"). */
  @Patch(':id')
  async bind(@Req() req: XapiRequest, @Param('id') id: string) {
    const { credential } = await this.bus.request('consent.v1.credentials.bind', {
      principal: principalOf(req),
      credentialId: idParam(id, 'credential'),
      binding: apiBody(req, BindCredentialBodyV1),
    });
    return credential;
  }

  @Delete(':id')
  async revoke(@Req() req: XapiRequest, @Param('id') id: string) {
    const { credential } = await this.bus.request('consent.v1.credentials.revoke', {
      principal: principalOf(req),
      credentialId: idParam(id, 'credential'),
    });
    return credential;
  }
}
