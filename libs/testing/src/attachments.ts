// xAPI attachments as a client sends and reads them (Communication §1.5.2): metadata for a
// statement, a multipart/mixed request body, and a reader for multipart responses. Written apart
// from the gateway's own parser so the tests do not check the server against itself.
import { createHash, randomBytes } from 'node:crypto';

export interface AttachmentFixture {
  /** The Attachment object for the statement. */
  metadata: {
    usageType: string;
    display: Record<string, string>;
    contentType: string;
    length: number;
    sha2: string;
    fileUrl?: string;
  };
  /** The raw bytes, to send as a part. */
  data: Buffer;
}

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Metadata and data of one attachment; `usageType` defaults to a made-up certificate IRI. */
export function anAttachment(
  data: Buffer | string = randomBytes(64),
  overrides: Partial<AttachmentFixture['metadata']> = {},
): AttachmentFixture {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return {
    metadata: {
      usageType: 'https://example.org/attachment-usage/certificate',
      display: { 'en-US': 'A certificate' },
      contentType: 'application/octet-stream',
      length: bytes.length,
      sha2: sha256Hex(bytes),
      ...overrides,
    },
    data: bytes,
  };
}

export interface RawPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** A multipart/mixed body: the statements JSON first, then one binary part per attachment. */
export function multipartStatements(
  statements: unknown,
  attachments: { data: Buffer; contentType?: string; hash?: string }[],
): { body: Buffer; contentType: string } {
  const boundary = `test-${randomBytes(12).toString('hex')}`;
  const parts: RawPart[] = [
    { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(statements)) },
    ...attachments.map((a) => ({
      headers: {
        'Content-Type': a.contentType ?? 'application/octet-stream',
        'Content-Transfer-Encoding': 'binary',
        'X-Experience-API-Hash': a.hash ?? sha256Hex(a.data),
      },
      body: a.data,
    })),
  ];
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = Object.entries(p.headers)
      .map(([k, v]) => `${k}:${v}\r\n`)
      .join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), p.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--`));
  return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary="${boundary}"` };
}

/** Splits a multipart response (CRLF delimiters) into parts with lowercase header names. */
export function readMultipart(contentType: string, body: Buffer): RawPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new Error(`not a multipart content type: ${contentType}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Treat the body as if it started with a line break, so the first boundary is a delimiter too.
  const text = Buffer.concat([Buffer.from('\r\n'), body]);
  const parts: RawPart[] = [];
  let at = text.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (text.subarray(start, start + 2).toString() === '--') break;
    const next = text.indexOf(delimiter, start);
    if (next < 0) throw new Error('multipart body without closing boundary');
    const raw = text.subarray(text.indexOf('\r\n', start) + 2, next);
    const split = raw.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of raw.subarray(0, split).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: raw.subarray(split + 4) });
    at = next;
  }
  return parts;
}

export interface BinaryResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The body as JSON when it is JSON, else undefined. */
  json: unknown;
}

export type BinaryXapi = (
  method: string,
  path: string,
  options?: { body?: Buffer; contentType?: string; headers?: Record<string, string> },
) => Promise<BinaryResponse>;

/** Requests with raw byte bodies and raw byte responses (multipart in and out). */
export function binaryXapi(baseUrl: string, key: string, secret: string, version = '1.0.3'): BinaryXapi {
  const auth = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  return async (method, path, options = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: auth,
        'X-Experience-API-Version': version,
        ...(options.contentType ? { 'Content-Type': options.contentType } : {}),
        ...options.headers,
      },
      ...(options.body ? { body: options.body } : {}),
    });
    const body = Buffer.from(await res.arrayBuffer());
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, body, json };
  };
}
