// Builds the HTTP application around a root module: raw bodies (each route decides how to
// parse), request ids and access logs without query strings (they can name learners), and the
// request context the bus carries to every part (request id, stage timings → Server-Timing).
import { randomUUID } from 'node:crypto';

import { PinoNestLogger } from '@custos/platform';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DomainError, type SignInOptionsV1 } from '@custos/contracts';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

import { trustProxySetting } from './auth/client-address.js';
import { rewriteAlternateRequest } from './http/alternate-request-syntax.js';
import { httpMetrics } from './http/http-metrics.middleware.js';
import { openRequestContext } from './http/request-context.middleware.js';
import { refuseNulInUrl } from './http/unstorable-params.js';
import { webPages } from './http/web-pages.js';
import { VERSION_HEADER } from './http/xapi-version.middleware.js';

/** Headers browsers may send and read (xAPI 2.0 Communication §1.2: CORS for browser content). */
const CORS = {
  origin: true,
  credentials: true,
  methods: ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  allowedHeaders: [
    'Authorization',
    'Content-Type',
    'X-Experience-API-Version',
    'If-Match',
    'If-None-Match',
    'X-Request-Id',
  ],
  exposedHeaders: [
    'ETag',
    'Last-Modified',
    'X-Experience-API-Version',
    'X-Experience-API-Consistent-Through',
    'X-Request-Id',
    'Server-Timing',
  ],
  maxAge: 600,
};

/** Rewrites 1.0.3 alternate-syntax requests in place, before routing, auth and versioning. */
function alternateRequestSyntax(req: Request, res: Response, next: NextFunction): void {
  try {
    const rewritten = rewriteAlternateRequest({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    });
    if (rewritten) {
      req.method = rewritten.method;
      req.url = rewritten.url;
      for (const name of ['content-type', 'content-length']) delete req.headers[name];
      Object.assign(req.headers, rewritten.headers);
      req.body = rewritten.body;
    }
    next();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    res.setHeader(VERSION_HEADER, '1.0.3');
    res.status(err.status).json({ message: err.message });
  }
}

export interface HttpAppOptions {
  logger: Logger;
  bodyLimit: string;
  /** Let Nest handle SIGTERM itself (distributed); standalone stops PostgreSQL after Nest. */
  shutdownHooks?: boolean;
  /** CUSTOS_GATEWAY__TRUST_PROXY (client-address.ts); default: X-Forwarded-For is not believed. */
  trustProxy?: string;
  /** Sign-in at the institution's OIDC provider: the pages may then call its origin (CSP connect-src). */
  signIn?: SignInOptionsV1;
}

export async function createHttpApp(root: Type, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(root, {
    bodyParser: false,
    logger: new PinoNestLogger(options.logger),
  });
  app.disable('x-powered-by');
  // First, so every request is counted and timed, whatever answers it.
  app.use(httpMetrics);
  // An invalid address list throws here, so a misconfigured gateway does not start.
  app.set('trust proxy', trustProxySetting(options.trustProxy ?? 'false'));
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.enableCors(CORS);
  app.use(express.raw({ type: () => true, limit: options.bodyLimit }));
  app.use(alternateRequestSyntax);
  app.use(refuseNulInUrl);
  app.use(openRequestContext);
  const oidc = options.signIn?.oidc;
  app.use(webPages(undefined, oidc ? [new URL(oidc.issuer).origin] : []));
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}
