// What every xAPI route needs from the raw HTTP request: the negotiated version, the caller,
// and the body as JSON. Kept apart from the controllers so each rule has one place.
import { BadRequestError, type PrincipalV1 } from '@custos/contracts';
import { jsonNestingExceeds, tooDeepMessage, type XapiVersion } from '@custos/xapi';
import type { Request } from 'express';

export interface XapiRequest extends Request {
  xapiVersion?: XapiVersion;
  principal?: PrincipalV1;
}

export function principalOf(req: XapiRequest): PrincipalV1 {
  if (!req.principal) throw new Error('route is missing the xAPI auth guard');
  return req.principal;
}

export function versionOf(req: XapiRequest): XapiVersion {
  if (!req.xapiVersion) throw new Error('route is missing the xAPI version middleware');
  return req.xapiVersion;
}

/** xAPI 2.0 Communication §1.1: statement bodies are JSON (multipart comes with attachments). */
export function jsonBody(req: Request): unknown {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new BadRequestError(`Content-Type must be application/json, got "${type || 'none'}"`);
  }
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (raw.trim() === '') throw new BadRequestError('the request body is empty; expected JSON');
  return parseJsonText(raw, 'the request body');
}

/**
 * JSON text from a client, refused with a 400 when it nests deeper than MAX_JSON_DEPTH (checked on the text,
 * before anything recursive runs) or does not parse. `what` names it in the message.
 */
export function parseJsonText(raw: string, what: string): unknown {
  if (jsonNestingExceeds(raw)) throw new BadRequestError(tooDeepMessage(what));
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new BadRequestError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Accept-Language as an ordered list of tags (quality values respected). */
export function acceptLanguages(req: Request): string[] {
  const header = req.headers['accept-language'];
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag, ...attrs] = part.trim().split(';');
      const q = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
      return { tag: tag!.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((l) => l.tag);
}
