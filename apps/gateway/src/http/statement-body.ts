// xAPI 2.0 Communication §1.5 — the body of PUT/POST /statements and the GET response with
// attachments. JSON stays JSON; multipart/mixed (§1.5.2) carries the statements in its first part
// and the raw data of one attachment in each further part, identified by X-Experience-API-Hash.
// Whether each part belongs to an attachment of the statements is ingest's decision; here the
// transport is checked: each part says its hash, and its bytes have that hash.
import { createHash, randomBytes } from 'node:crypto';

import { type AttachmentPartV1, BadRequestError } from '@custos/contracts';
import type { Request, Response } from 'express';

import { MultipartError, parseContentType, parseMultipart, writeMultipart } from './multipart.js';
import { jsonBody, parseJsonText } from './xapi-request.js';

export interface StatementBody {
  body: unknown;
  /** Present for multipart/mixed bodies (possibly empty). */
  attachments?: AttachmentPartV1[];
}

const HASH_HEADER = 'x-experience-api-hash';
/** SHA-2 family by digest length in hex (Communication §1.5.2: SHA-256, SHA-384 or SHA-512). */
const SHA2_BY_HEX_LENGTH = new Map([
  [64, 'sha256'],
  [96, 'sha384'],
  [128, 'sha512'],
]);
/** Encodings under which the part's bytes are the attachment's bytes (RFC 2045 §6.2). */
const IDENTITY_ENCODINGS = new Set(['binary', '8bit', '7bit']);

/** The statements (and attachment parts) of a PUT or POST, by Content-Type. */
export function statementBody(req: Request): StatementBody {
  const type = parseContentType(req.headers['content-type']);
  if (type.mediaType !== 'multipart/mixed') return { body: jsonBody(req) };
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  return parseStatementMultipart(raw, type.params.get('boundary') ?? '');
}

/** Communication §1.5.2: the first part is the statements (application/json), then attachments. */
export function parseStatementMultipart(raw: Buffer, boundary: string): StatementBody {
  let parts;
  try {
    parts = parseMultipart(raw, boundary);
  } catch (err) {
    if (err instanceof MultipartError) {
      throw new BadRequestError(`malformed multipart/mixed body: ${err.message}`);
    }
    throw err;
  }
  const [first, ...rest] = parts;
  if (!first) {
    throw new BadRequestError('the multipart/mixed body has no parts; the first must hold the statements');
  }
  const firstType = parseContentType(first.headers.get('content-type')).mediaType;
  if (firstType !== 'application/json') {
    throw new BadRequestError(
      `the first part of a multipart/mixed body must be application/json; got "${firstType || 'none'}"`,
    );
  }
  const body = parseJsonText(first.body.toString('utf8'), 'the statements part');
  const attachments = new Map<string, AttachmentPartV1>();
  rest.forEach((part, index) => {
    const which = `attachment part ${index + 1}`;
    const declared = part.headers.get(HASH_HEADER)?.trim().toLowerCase();
    if (!declared) throw new BadRequestError(`${which} has no X-Experience-API-Hash header`);
    const algorithm = SHA2_BY_HEX_LENGTH.get(declared.length);
    if (!algorithm || !/^[0-9a-f]+$/.test(declared)) {
      throw new BadRequestError(
        `${which}: X-Experience-API-Hash must be a hex SHA-256, SHA-384 or SHA-512 digest`,
      );
    }
    const encoding = part.headers.get('content-transfer-encoding')?.trim().toLowerCase();
    if (encoding !== undefined && !IDENTITY_ENCODINGS.has(encoding)) {
      throw new BadRequestError(`${which}: Content-Transfer-Encoding must be binary; got "${encoding}"`);
    }
    const actual = createHash(algorithm).update(part.body).digest('hex');
    if (actual !== declared) {
      throw new BadRequestError(`${which}: its data does not match its X-Experience-API-Hash ${declared}`);
    }
    // Communication §1.5.2: the same data may be sent once for several statements; keep one copy.
    attachments.set(declared, {
      sha2: declared,
      contentType: part.headers.get('content-type') || 'application/octet-stream',
      content: part.body.toString('base64'),
    });
  });
  return { body, attachments: [...attachments.values()] };
}

/**
 * Communication §2.1.3 (attachments=true): the statement result JSON first, then one part per
 * attachment with its hash, content type and binary transfer encoding.
 */
export function sendWithAttachments(res: Response, json: unknown, attachments: AttachmentPartV1[]): void {
  const boundary = `custos-${randomBytes(16).toString('hex')}`;
  const body = writeMultipart(
    [
      { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(json), 'utf8') },
      ...attachments.map((a) => ({
        headers: {
          'Content-Type': a.contentType,
          'Content-Transfer-Encoding': 'binary',
          'X-Experience-API-Hash': a.sha2,
        },
        body: Buffer.from(a.content, 'base64'),
      })),
    ],
    boundary,
  );
  res.status(200);
  res.setHeader('Content-Type', `multipart/mixed; boundary=${boundary}`);
  res.send(body);
}
