// What the Document Resource routes take from the raw HTTP request: the query string, the
// precondition headers and the body as exact bytes (xAPI 1.0.3 Communication §2.2: "contents" is the
// HTTP document itself, arbitrary binary data).
import type { DocumentBodyV1 } from '@custos/contracts';
import { DEFAULT_DOCUMENT_CONTENT_TYPE } from '@custos/xapi';
import type { Request } from 'express';

/** The query string as strings (repeated names become arrays); the receiving part validates it. */
export function documentParams(req: Request): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (typeof value === 'string') params[name] = value;
    else if (Array.isArray(value)) params[name] = value.map(String);
    // Nested objects only come from bracket syntax, which xAPI does not use: pass it on as unknown text.
    else if (value !== undefined) params[name] = JSON.stringify(value);
  }
  return params;
}

/** If-Match and If-None-Match as sent (Node joins repeated headers with ", ", which is list syntax). */
export function preconditionHeaders(req: Request): { ifMatch?: string; ifNoneMatch?: string } {
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  return {
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
  };
}

/** The request body, byte for byte, with its Content-Type (unknown binary data when none is given). */
export function documentBody(req: Request): DocumentBodyV1 {
  const content: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const contentType = req.headers['content-type']?.trim() || DEFAULT_DOCUMENT_CONTENT_TYPE;
  return { contentType, content: content.toString('base64') };
}
