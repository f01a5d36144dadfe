// The one authentication rule of the HTTP edge. xAPI clients use HTTP Basic (xAPI 2.0
// Communication §4: key and secret); people use a Bearer JWT (RFC 6750) from the local issuer or
// the institution's OIDC provider. The gateway never sees a stored secret or a signing key:
// consent verifies either and returns the principal.
import { BadRequestError, UnauthorizedError } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';

import type { XapiRequest } from '../http/xapi-request.js';
import { clientAddressOf } from './client-address.js';

/** Both schemes a 401 offers (RFC 7235 §4.1: one header may list several challenges). */
export const AUTH_CHALLENGE = 'Basic realm="Custos", Bearer realm="Custos"';

export function parseBasic(header: string | undefined): { key: string; secret: string } | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** RFC 6750 §2.1: `Bearer <token68>`. */
export function parseBearer(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}

/** Accepts Basic (an xAPI credential) or Bearer (a person); anything else is a 401. */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  constructor(private readonly bus: MessageBus) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<XapiRequest>();
    const header = req.headers.authorization;
    const token = parseBearer(header);
    const basic = token ? null : parseBasic(header);
    if (token) {
      req.principal = (await this.bus.request('consent.v1.people.authenticate', { token })).principal;
    } else if (basic) {
      // No key or secret holds NUL, and PostgreSQL cannot compare text that does: refuse it before any lookup.
      if (`${basic.key}${basic.secret}`.includes('\u0000')) {
        throw new BadRequestError(
          "the Authorization header's Basic credentials contain the character U+0000 (NUL)",
        );
      }
      const address = clientAddressOf(req);
      req.principal = (
        await this.bus.request('consent.v1.credentials.authenticate', {
          ...basic,
          ...(address !== undefined ? { clientAddress: address } : {}),
        })
      ).principal;
    } else {
      throw new UnauthorizedError('HTTP Basic credentials or a Bearer token are required');
    }
    return true;
  }
}
