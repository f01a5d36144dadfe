// xAPI 1.0.3 Communication §1.3 (Alternate Request Syntax): a browser that cannot send custom
// headers or methods POSTs a form to `?method=X`; the headers, the parameters and the body
// (`content`) travel as form fields. The request is rewritten here, before anything else sees
// it, so authentication, versioning and routing treat it like a direct request.
// xAPI 2.0 removed this syntax, so a 2.0 request made this way is rejected.
import { BadRequestError } from '@custos/contracts';

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE']);
const HEADER_FIELDS = new Set([
  'authorization',
  'x-experience-api-version',
  'content-type',
  'content-length',
  'if-match',
  'if-none-match',
]);

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RewrittenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Returns the direct request that a form-encoded alternate request stands for, or null if it is not one. */
export function rewriteAlternateRequest(req: RawRequest): RewrittenRequest | null {
  const url = new URL(req.url, 'http://lrs.invalid');
  if (req.method !== 'POST' || !url.searchParams.has('method')) return null;
  const method = (url.searchParams.get('method') ?? '').toUpperCase();
  if (!METHODS.has(method)) throw new BadRequestError(`method=${method} is not GET, PUT, POST or DELETE`);
  if ([...url.searchParams.keys()].some((k) => k !== 'method')) {
    throw new BadRequestError(
      'with the alternate request syntax, every parameter except method goes in the form body',
    );
  }
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new BadRequestError(
      'the alternate request syntax needs Content-Type application/x-www-form-urlencoded',
    );
  }
  const form = new URLSearchParams(req.body.toString('utf8'));
  const headers: Record<string, string> = {};
  const params = new URLSearchParams();
  let content: string | undefined;
  for (const [name, value] of form) {
    const lower = name.toLowerCase();
    if (lower === 'content') content = value;
    else if (HEADER_FIELDS.has(lower)) {
      // A real header cannot carry NUL, and PostgreSQL cannot store it (a document's Content-Type): refuse it
      // here; parameters are checked in the URL once rewritten (unstorable-params.ts).
      if (value.includes('\u0000')) {
        throw new BadRequestError(`the ${name} form field contains the character U+0000 (NUL)`);
      }
      headers[lower] = value;
    } else params.append(name, value);
  }
  if (headers['x-experience-api-version']?.startsWith('2.')) {
    throw new BadRequestError(
      'xAPI 2.0 has no alternate request syntax; send the method and headers directly',
    );
  }
  const body = Buffer.from(content ?? '', 'utf8');
  if (content !== undefined) headers['content-type'] ??= 'application/json';
  else delete headers['content-type'];
  headers['content-length'] = String(body.length);
  const query = params.toString();
  return { method, url: `${url.pathname}${query ? `?${query}` : ''}`, headers, body };
}
