// Counts and times every HTTP request by its route template (`/xapi/statements`, `/api/v1/people/:id`), never the
// path it was sent to: a path can hold an identifier (a person, a document id), and raw paths would give
// Prometheus one series per URL anyone cares to send.
import { httpRequestDuration, httpRequests, secondsSince } from '@custos/telemetry';
import type { NextFunction, Request, Response } from 'express';

const METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route that answered: Nest's template, or what kind of answer came without one. */
function routeOf(req: Request, res: Response): string {
  const template = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof template === 'string') return `${req.baseUrl}${template}`;
  // Web pages and CORS pre-flights are answered by middleware before routing; anything else found no route.
  if (res.statusCode === 404) return 'unmatched';
  return req.method === 'OPTIONS' ? 'preflight' : 'middleware';
}

export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const started = performance.now();
  res.once('finish', () => {
    const method = METHODS.has(req.method) ? req.method : 'OTHER';
    const route = routeOf(req, res);
    httpRequests.inc({ method, route, status: String(res.statusCode) });
    httpRequestDuration.observe({ method, route }, secondsSince(started));
  });
  next();
}
