// The one place HTTP errors are shaped: domain errors keep their status and message, anything
// unexpected becomes a 500 with only a correlation id (details go to the log, once). A 503 (a part or its
// database out of reach, a deadline passed) tells the client when to retry.
import { randomUUID } from 'node:crypto';

import { DomainError } from '@custos/contracts';
import { RETRY_AFTER_SECONDS } from '@custos/messaging';
import { LOGGER } from '@custos/platform';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

import { AUTH_CHALLENGE } from '../auth/basic-auth.guard.js';

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    if (res.headersSent) return;
    if (err instanceof DomainError) {
      if (err.status === 401) res.setHeader('WWW-Authenticate', AUTH_CHALLENGE);
      // A 429 (sign-in back-off) says how long; a 503 the usual pause.
      if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      else if (err.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(err.status).json({ message: err.message, ...(err.errors ? { errors: err.errors } : {}) });
      return;
    }
    if (err instanceof HttpException) {
      res.status(err.getStatus()).json({ message: err.message });
      return;
    }
    // body-parser reports an oversized body as a plain error carrying a status.
    const status = (err as { status?: unknown })?.status;
    if (status === 413) {
      res.status(413).json({ message: 'the request body is too large' });
      return;
    }
    const correlationId = String(req.id ?? randomUUID());
    this.logger.error({ correlationId, err: (err as Error)?.stack ?? String(err) }, 'unhandled error');
    res.status(500).json({ message: 'internal error', correlationId });
  }
}
