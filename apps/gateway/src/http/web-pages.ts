// The web pages (apps/web, built by `npm run build` into dist/web) served at `/` by the gateway,
// the standalone too: their files, and index.html for any other page address (the browser app
// routes itself). /api, /xapi and the probes are never answered here, so an unknown API path
// stays a JSON 404 from Nest rather than a page.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/**
 * What the pages may do: load their own scripts, styles and images and call their own origin (and, with
 * sign-in at the institution's OIDC provider, that provider: its discovery document and token endpoint);
 * nothing inline, no plug-ins, no framing (clickjacking), no <base> or form posts elsewhere.
 */
export function contentSecurityPolicy(connectTo: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    ["connect-src 'self'", ...connectTo].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

const pageHeaders = (connectTo: readonly string[]): Record<string, string> => ({
  'Content-Security-Policy': contentSecurityPolicy(connectTo),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

/** Paths that belong to the API and the probes: never a page. */
const NOT_PAGES = /^\/(?:api|xapi|healthz|readyz|\.well-known)(?:[/?#]|$)/;

/**
 * dist/web next to the code: the repository's (or image's) root is the nearest folder with a
 * package.json above this file, in the sources (apps/gateway/src/http) and the build (dist/...).
 */
export function defaultWebRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return join(from, 'web');
    dir = up;
  }
  return join(dir, 'dist', 'web');
}

/** `connectTo`: origins besides our own the pages may call (the OIDC provider's). */
export function webPages(root = defaultWebRoot(), connectTo: readonly string[] = []): RequestHandler {
  const headers = pageHeaders(connectTo);
  const setPageHeaders = (res: Response): void => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  };
  const index = join(root, 'index.html');
  // Hashed file names (assets/index-abc123.js) never change content: cache them for a year.
  const files = express.static(root, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      setPageHeaders(res);
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PAGES.test(req.path)) return next();
    files(req, res, () => {
      // Not a file: a page address when the browser asks for a page, else a plain 404 from Nest.
      if (!req.accepts('html') || req.path.startsWith('/assets/')) return next();
      if (!existsSync(index)) {
        setPageHeaders(res);
        res.status(404).type('text/plain').send('The web pages are not built: run `npm run build`.\n');
        return;
      }
      setPageHeaders(res);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  };
}
