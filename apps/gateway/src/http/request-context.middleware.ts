// Opens the request context of each HTTP request (its request id, given by pino-http), which the bus
// carries to every part the request reaches, and reports the stage timings those parts send back as a
// Server-Timing header on API and xAPI responses (docs/audit.md: the share of a read spent auditing).
import { currentRequestContext, runInRequestContext } from '@custos/messaging';
import type { NextFunction, Request, Response } from 'express';

export const SERVER_TIMING = 'Server-Timing';

/** Paths whose responses report their stages; health checks and pages do not. */
const TIMED_PATH = /^\/(?:xapi|api)(?:\/|$)/;

/** `consent;dur=2.1, storage;dur=3.4, audit;dur=0.9, total;dur=9.8` (W3C Server Timing, milliseconds). */
export function serverTimingOf(stages: ReadonlyMap<string, number>, totalMs: number): string {
  const metric = (name: string, ms: number): string =>
    `${name.replace(/[^\w.-]/g, '_')};dur=${Math.round(ms * 100) / 100}`;
  return [...[...stages].map(([name, ms]) => metric(name, ms)), metric('total', totalMs)].join(', ');
}

/**
 * Mounted after the body parser: the body stream's events would run outside the context, so the
 * context opens once the body is read and everything after it (guards, controllers, bus) runs inside.
 */
export function openRequestContext(req: Request, res: Response, next: NextFunction): void {
  const started = performance.now();
  const id = (req as Request & { id?: unknown }).id;
  runInRequestContext(typeof id === 'string' ? id : undefined, () => {
    const context = currentRequestContext()!;
    if (TIMED_PATH.test(req.path)) {
      // Every way of sending a response (json, send, a stream's first write) goes through writeHead.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
      res.writeHead = ((...args: unknown[]) => {
        if (!res.headersSent) {
          res.setHeader(SERVER_TIMING, serverTimingOf(context.stages, performance.now() - started));
        }
        return writeHead(...args);
      }) as typeof res.writeHead;
    }
    next();
  });
}
