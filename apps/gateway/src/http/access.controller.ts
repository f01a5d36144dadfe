// GET /api/v1/explain (who may read one statement, by which rule; for a tenant's admins and the learner
// concerned) and GET /api/v1/me/effective-access (a learner: who may read what of their data today). Every
// decision is made behind the bus (query, consent, storage); the gateway only parses the query string.
import { BadRequestError } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Get, Req, UseGuards } from '@nestjs/common';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { idParam } from './id-param.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

/** One optional string parameter; anything else (an unknown name, a repeated one) is a 400. */
function stringParams(req: XapiRequest, names: readonly string[]): Record<string, string | undefined> {
  const unknown = Object.keys(req.query).find((k) => !names.includes(k));
  if (unknown !== undefined) throw new BadRequestError(`unknown parameter ${unknown}`);
  const values: Record<string, string | undefined> = {};
  for (const name of names) {
    const value: unknown = req.query[name];
    if (value !== undefined && typeof value !== 'string') {
      throw new BadRequestError(`the ${name} parameter must be given once`);
    }
    values[name] = value;
  }
  return values;
}

@Controller('api/v1')
@UseGuards(BasicAuthGuard)
export class AccessController {
  constructor(private readonly bus: MessageBus) {}

  @Get('explain')
  async explain(@Req() req: XapiRequest) {
    const { statementId, principal } = stringParams(req, ['statementId', 'principal']);
    if (statementId === undefined || statementId === '') {
      throw new BadRequestError('the statementId parameter is required');
    }
    const ids = {
      statementId: idParam(statementId, 'statement'),
      ...(principal !== undefined && { principalId: idParam(principal, 'principal') }),
    };
    return this.bus.request('query.v1.statements.explain', { principal: principalOf(req), ...ids });
  }

  @Get('me/effective-access')
  async effectiveAccess(@Req() req: XapiRequest) {
    return (await this.bus.request('consent.v1.access.effective', { principal: principalOf(req) })).entries;
  }
}
