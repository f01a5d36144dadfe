// JSON bodies of the /api/v1 REST API, parsed with the contract's schema: a bad field is a 400
// naming it, before any message is sent.
import { BadRequestError } from '@custos/contracts';
import { findUnstorableText } from '@custos/xapi';
import type { Request } from 'express';
import type { z } from 'zod';

import { jsonBody } from './xapi-request.js';

export function apiBody<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const body = jsonBody(req);
  // Text PostgreSQL cannot hold (NUL, a lone surrogate) is refused here, naming where it is, so that it
  // never reaches a query as a database error (login runs before any authentication).
  const unstorable = findUnstorableText(body, '');
  if (unstorable.length > 0) {
    throw new BadRequestError(
      `invalid request body: ${unstorable.map((e) => e.path || '(body)').join(', ')}`,
      unstorable.map((e) => ({ path: e.path || '(body)', message: e.message })),
    );
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const errors = result.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(body)',
      message: i.message,
    }));
    throw new BadRequestError(`invalid request body: ${errors.map((e) => e.path).join(', ')}`, errors);
  }
  return result.data;
}
