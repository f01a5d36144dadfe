// /api/v1: people log in, see themselves, and tenant admins manage people and groups. Every
// decision (who may, which tenant) is made by consent; the gateway only maps HTTP to messages.
import {
  CreateGroupBodyV1,
  CreatePersonBodyV1,
  LoginBodyV1,
  SetGroupMembersBodyV1,
  TenantSettingsV1,
  UpdatePersonBodyV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req, UseGuards } from '@nestjs/common';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { clientAddressOf } from '../auth/client-address.js';
import { apiBody } from './api-body.js';
import { idParam } from './id-param.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

@Controller('api/v1/auth')
export class LoginController {
  constructor(private readonly bus: MessageBus) {}

  @Post('login')
  @HttpCode(200)
  login(@Req() req: XapiRequest) {
    const address = clientAddressOf(req);
    return this.bus.request('consent.v1.people.login', {
      ...apiBody(req, LoginBodyV1),
      ...(address !== undefined ? { clientAddress: address } : {}),
    });
  }
}

@Controller('api/v1')
@UseGuards(BasicAuthGuard)
export class PeopleController {
  constructor(private readonly bus: MessageBus) {}

  @Get('me')
  async me(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.people.me', { principal: principalOf(req) })).person;
  }

  @Get('people')
  async list(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.people.list', { principal: principalOf(req) })).people;
  }

  @Post('people')
  @HttpCode(201)
  async create(@Req() req: XapiRequest) {
    const { person } = await this.bus.request('consent.v1.people.create', {
      principal: principalOf(req),
      person: apiBody(req, CreatePersonBodyV1),
    });
    return person;
  }

  @Patch('people/:id')
  async update(@Req() req: XapiRequest, @Param('id') id: string) {
    const { person } = await this.bus.request('consent.v1.people.update', {
      principal: principalOf(req),
      personId: idParam(id, 'person'),
      patch: apiBody(req, UpdatePersonBodyV1),
    });
    return person;
  }

  /** The tenant's settings: its age of digital consent (GDPR Art. 8; 13–16, default 16). */
  @Get('tenant/settings')
  async settings(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.tenant.settings.get', { principal: principalOf(req) }))
      .settings;
  }

  @Put('tenant/settings')
  async setSettings(@Req() req: XapiRequest) {
    const { settings } = await this.bus.request('consent.v1.tenant.settings.set', {
      principal: principalOf(req),
      settings: apiBody(req, TenantSettingsV1),
    });
    return settings;
  }

  @Delete('people/:id/sign-in-lock')
  unlockPerson(@Req() req: XapiRequest, @Param('id') id: string) {
    return this.bus.request('consent.v1.signin.unlock', {
      principal: principalOf(req),
      target: { personId: idParam(id, 'person') },
    });
  }

  @Delete('credentials/:id/sign-in-lock')
  unlockCredential(@Req() req: XapiRequest, @Param('id') id: string) {
    return this.bus.request('consent.v1.signin.unlock', {
      principal: principalOf(req),
      target: { credentialId: idParam(id, 'credential') },
    });
  }

  @Get('groups')
  async groups(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.groups.list', { principal: principalOf(req) })).groups;
  }

  @Post('groups')
  @HttpCode(201)
  async createGroup(@Req() req: XapiRequest) {
    const { group } = await this.bus.request('consent.v1.groups.create', {
      principal: principalOf(req),
      group: apiBody(req, CreateGroupBodyV1),
    });
    return group;
  }

  @Put('groups/:id/members')
  async setMembers(@Req() req: XapiRequest, @Param('id') id: string) {
    const { group } = await this.bus.request('consent.v1.groups.members.set', {
      principal: principalOf(req),
      groupId: idParam(id, 'group'),
      members: apiBody(req, SetGroupMembersBodyV1),
    });
    return group;
  }
}
