// xAPI 2.0 Communication §2.5 (Activities) and §2.6 (Agents): GET (and HEAD) only.
import { BadRequestError } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Get, Req, UseGuards } from '@nestjs/common';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

/** The one parameter a resource takes; anything else is a 400 (Communication §2.5, §2.6). */
function onlyParam(req: XapiRequest, name: string): string {
  const extra = Object.keys(req.query).filter((k) => k !== name);
  if (extra.length > 0) throw new BadRequestError(`unknown parameter ${extra[0]}`);
  const value = req.query[name];
  if (typeof value !== 'string' || value === '') {
    throw new BadRequestError(`the ${name} parameter is required`);
  }
  return value;
}

@Controller('xapi')
@UseGuards(BasicAuthGuard)
export class ResourcesController {
  constructor(private readonly bus: MessageBus) {}

  @Get('activities')
  async activity(@Req() req: XapiRequest): Promise<Record<string, unknown>> {
    const { activity } = await this.bus.request('query.v1.activities.get', {
      principal: principalOf(req),
      activityId: onlyParam(req, 'activityId'),
    });
    return activity;
  }

  @Get('agents')
  async agents(@Req() req: XapiRequest): Promise<Record<string, unknown>> {
    const { person } = await this.bus.request('query.v1.agents.person', {
      principal: principalOf(req),
      agent: onlyParam(req, 'agent'),
    });
    return person;
  }
}
