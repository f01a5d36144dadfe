// xAPI 2.0 Communication §3.3 (Versioning): every request carries X-Experience-API-Version,
// every response says which version answered. 1.0.x requests get 1.0.3 rules, 2.0.x get 2.0.0.
import { BadRequestError } from '@custos/contracts';
import { parseVersionHeader } from '@custos/xapi';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';

import type { XapiRequest } from './xapi-request.js';

export const VERSION_HEADER = 'X-Experience-API-Version';

@Injectable()
export class XapiVersionMiddleware implements NestMiddleware {
  use(req: XapiRequest, res: Response, next: NextFunction): void {
    const raw = req.header(VERSION_HEADER);
    const version = parseVersionHeader(raw);
    res.setHeader(VERSION_HEADER, version ?? '2.0.0');
    // The About resource tells clients which versions exist, so it cannot demand one.
    if (req.originalUrl.split('?')[0]!.replace(/\/+$/, '') === '/xapi/about' || req.method === 'OPTIONS') {
      next();
      return;
    }
    if (!raw) {
      next(new BadRequestError(`the ${VERSION_HEADER} header is required`));
      return;
    }
    if (!version) {
      next(new BadRequestError(`${VERSION_HEADER} "${raw}" is not supported; use 1.0.0-1.0.3 or 2.0.0`));
      return;
    }
    req.xapiVersion = version;
    next();
  }
}
