// HTTP Basic authentication for xAPI clients (xAPI 2.0 Communication §4). The gateway never
// sees a stored secret: consent verifies the pair and returns the principal.
import { UnauthorizedError } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';

import type { XapiRequest } from '../http/xapi-request.js';

export function parseBasic(header: string | undefined): { key: string; secret: string } | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

@Injectable()
export class BasicAuthGuard implements CanActivate {
  constructor(private readonly bus: MessageBus) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<XapiRequest>();
    const credentials = parseBasic(req.headers.authorization);
    if (!credentials) throw new UnauthorizedError('HTTP Basic credentials are required');
    const { principal } = await this.bus.request('consent.v1.credentials.authenticate', credentials);
    req.principal = principal;
    return true;
  }
}
