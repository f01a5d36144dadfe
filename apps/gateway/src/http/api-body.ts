// JSON bodies of the /api/v1 REST API, parsed with the contract's schema: a bad field is a 400
// naming it, before any message is sent.
import { BadRequestError } from '@custos/contracts';
import type { Request } from 'express';
import type { z } from 'zod';

import { jsonBody } from './xapi-request.js';

export function apiBody<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const result = schema.safeParse(jsonBody(req));
  if (!result.success) {
    const errors = result.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(body)',
      message: i.message,
    }));
    throw new BadRequestError(`invalid request body: ${errors.map((e) => e.path).join(', ')}`, errors);
  }
  return result.data;
}
