// Text PostgreSQL cannot hold, in the URL (docs/conformance.md "Limits on input"): a percent-encoded NUL in
// the path or in a query parameter (or in a field of an alternate-syntax form, which is rewritten into the
// URL before this runs) is a 400 naming where it is, before authentication or routing, so it never reaches a
// query as a database error. A raw NUL cannot arrive: Node's HTTP parser refuses it in the request line.
import { parseVersionHeader } from '@custos/xapi';
import type { NextFunction, Request, Response } from 'express';

import { VERSION_HEADER } from './xapi-version.middleware.js';

/** Where in `url` a percent-encoded NUL decodes, or undefined when there is none. */
export function nulInUrl(url: string): string | undefined {
  if (!/%00/i.test(url)) return undefined;
  const [path = '', query = ''] = url.split(/\?(.*)/s, 2);
  if (/%00/i.test(path)) return 'the request path';
  for (const [name, value] of new URLSearchParams(query)) {
    if (name.includes('\u0000')) return 'a query parameter name';
    if (value.includes('\u0000')) return `the ${name} parameter`;
  }
  return 'the query string';
}

export function refuseNulInUrl(req: Request, res: Response, next: NextFunction): void {
  const where = nulInUrl(req.url);
  if (where === undefined) {
    next();
    return;
  }
  res.setHeader(VERSION_HEADER, parseVersionHeader(req.header(VERSION_HEADER)) ?? '2.0.0');
  res
    .status(400)
    .json({ message: `${where} contains the character U+0000 (NUL), which Custos cannot store` });
}
