// The source LRS of an import, read as any xAPI client reads an LRS (xAPI 2.0 Communication §2.1.3 GET Statements,
// §1.5.2 multipart/mixed answers with `attachments=true`): HTTP Basic, `X-Experience-API-Version: 1.0.3`, pages
// followed through `more`. The source is trusted for nothing: everything it answers is validated before storage.
import { createHash } from 'node:crypto';

import { type AttachmentPartV1, BadRequestError, ServiceUnavailableError } from '@custos/contracts';

/** Statements per page asked of the source (an LRS may serve fewer). */
export const SOURCE_PAGE_SIZE = 500;

/** One page as the source served it, with the attachment data it sent. */
export interface SourcePage {
  statements: unknown[];
  attachments: AttachmentPartV1[];
  /** The source's `more` (a relative or absolute URL), null on the last page. */
  more: string | null;
  /** The source's X-Experience-API-Consistent-Through header. */
  consistentThrough: string | null;
}

/** A statement fetched by id (a voided one, which GET /statements leaves out), with its attachment data. */
export interface SourceStatement {
  statement: unknown;
  attachments: AttachmentPartV1[];
}

/** The source cannot be read (down, refused the key, answered nonsense): the import stops and can resume. */
export class SourceError extends ServiceUnavailableError {}

const SHA2_BY_HEX_LENGTH = new Map([
  [64, 'sha256'],
  [96, 'sha384'],
  [128, 'sha512'],
]);

/** RFC 2046 multipart, as xAPI answers with attachments: the parts' headers (lowercase names) and bytes. */
export function splitMultipart(
  body: Buffer,
  boundary: string,
): { headers: Map<string, string>; body: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: Map<string, string>; body: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new SourceError('the source sent a multipart answer without its boundary');
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // closing delimiter
    const lineEnd = body.indexOf('\n', at);
    if (lineEnd < 0) throw new SourceError('the source sent a truncated multipart answer');
    const start = lineEnd + 1;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new SourceError('the source sent a multipart answer without its closing boundary');
    // The part ends before the CRLF (or LF) that precedes the next delimiter.
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    const raw = body.subarray(start, end);
    let split = raw.indexOf('\r\n\r\n');
    let gap = 4;
    if (split < 0) {
      split = raw.indexOf('\n\n');
      gap = 2;
    }
    if (split < 0) throw new SourceError('the source sent a multipart part without headers');
    const headers = new Map<string, string>();
    for (const line of raw.subarray(0, split).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    parts.push({ headers, body: raw.subarray(split + gap) });
    at = next;
  }
}

/** The JSON part and the attachment parts of an answer (a plain JSON answer has no attachments). */
export function readAnswer(
  contentType: string,
  body: Buffer,
): { json: unknown; attachments: AttachmentPartV1[] } {
  const boundary = /^multipart\/mixed\s*;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const parse = (bytes: Buffer): unknown => {
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new SourceError('the source sent an answer that is not JSON');
    }
  };
  if (!boundary) return { json: parse(body), attachments: [] };
  const [first, ...rest] = splitMultipart(body, boundary);
  if (!first) throw new SourceError('the source sent an empty multipart answer');
  const attachments = rest.map((part) => {
    const declared = part.headers.get('x-experience-api-hash')?.toLowerCase();
    const algorithm = SHA2_BY_HEX_LENGTH.get(declared?.length ?? 0) ?? 'sha256';
    // The hash is what the data is: a part whose header disagrees is kept under its real hash, so it matches no
    // attachment and the statement that needed it is refused by ingest's check.
    const sha2 = createHash(algorithm).update(part.body).digest('hex');
    return {
      sha2,
      contentType: part.headers.get('content-type') ?? 'application/octet-stream',
      content: part.body.toString('base64'),
    };
  });
  return { json: parse(first.body), attachments };
}

export class SourceLrs {
  private readonly endpoint: URL;
  private readonly authorization: string;

  constructor(
    endpoint: string,
    key: string,
    secret: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.endpoint = new URL(endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
    if (this.endpoint.protocol !== 'http:' && this.endpoint.protocol !== 'https:') {
      throw new BadRequestError('the source must be an http(s) xAPI endpoint');
    }
    this.authorization = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  }

  /** The source's endpoint as the import names it (no trailing slash). */
  get source(): string {
    return this.endpoint.toString().replace(/\/$/, '');
  }

  /** The first page: oldest first, so that a statement comes before the statements that refer to it. */
  firstPage(): string {
    const url = new URL('statements', this.endpoint);
    url.searchParams.set('ascending', 'true');
    url.searchParams.set('attachments', 'true');
    url.searchParams.set('limit', String(SOURCE_PAGE_SIZE));
    return url.toString();
  }

  /**
   * A `more` link as an absolute URL. It must stay on the source's origin: the key and secret go with it, and a
   * source may not send them elsewhere.
   */
  resolve(more: string): string {
    const url = new URL(more, this.endpoint);
    if (url.origin !== this.endpoint.origin) {
      throw new SourceError(`the source's more link leads to another origin (${url.origin})`);
    }
    return url.toString();
  }

  async page(url: string): Promise<SourcePage> {
    const answer = await this.get(url);
    if (!answer) throw new SourceError('the source has no statements resource at this endpoint (404)');
    const result = answer.json as { statements?: unknown; more?: unknown } | null;
    if (!result || !Array.isArray(result.statements)) {
      throw new SourceError('the source answered GET statements without a statements array');
    }
    return {
      statements: result.statements,
      attachments: answer.attachments,
      more: typeof result.more === 'string' && result.more !== '' ? result.more : null,
      consistentThrough: answer.consistentThrough,
    };
  }

  /** A voided statement by id (GET statements?voidedStatementId=), or null when the source does not serve it. */
  async voided(id: string): Promise<SourceStatement | null> {
    const url = new URL('statements', this.endpoint);
    url.searchParams.set('voidedStatementId', id);
    url.searchParams.set('attachments', 'true');
    const answer = await this.get(url.toString());
    return answer ? { statement: answer.json, attachments: answer.attachments } : null;
  }

  private async get(
    url: string,
  ): Promise<{ json: unknown; attachments: AttachmentPartV1[]; consistentThrough: string | null } | null> {
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        headers: { authorization: this.authorization, 'x-experience-api-version': '1.0.3' },
        redirect: 'error',
        signal: AbortSignal.timeout(120_000),
      });
    } catch (err) {
      throw new SourceError(`the source cannot be reached: ${(err as Error).message}`);
    }
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403) {
      throw new SourceError(`the source refused the key and secret (${response.status})`);
    }
    if (!response.ok) throw new SourceError(`the source answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    return {
      ...readAnswer(response.headers.get('content-type') ?? '', body),
      consistentThrough: response.headers.get('x-experience-api-consistent-through'),
    };
  }
}
