// Builds the HTTP application around a root module: raw bodies (each route decides how to
// parse), request ids and access logs without query strings (they can name learners).
import { randomUUID } from 'node:crypto';

import { PinoNestLogger } from '@custos/platform';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export interface HttpAppOptions {
  logger: Logger;
  bodyLimit: string;
  /** Let Nest handle SIGTERM itself (distributed); standalone stops PostgreSQL after Nest. */
  shutdownHooks?: boolean;
}

export async function createHttpApp(root: Type, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(root, {
    bodyParser: false,
    logger: new PinoNestLogger(options.logger),
  });
  app.disable('x-powered-by');
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
  app.use(express.raw({ type: () => true, limit: options.bodyLimit }));
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}
