// xAPI 2.0 Communication §2.1.3: every GET /statements response carries
// X-Experience-API-Consistent-Through, whatever its status. A write is acknowledged only after it
// committed, so "now" is a true bound for error responses; a successful read replaces it with the
// time storage took its snapshot.
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export const CONSISTENT_THROUGH = 'X-Experience-API-Consistent-Through';

@Injectable()
export class ConsistentThroughMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.setHeader(CONSISTENT_THROUGH, new Date().toISOString());
    }
    next();
  }
}
