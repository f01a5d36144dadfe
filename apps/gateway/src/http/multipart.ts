// RFC 2046 §5.1 multipart bodies, as xAPI 2.0 Communication §1.5.2 uses them for statements with
// attachments: a pure parser and writer over raw bytes (no streaming; the body limit bounds size).
// Parts are binary (Content-Transfer-Encoding: binary), so nothing here decodes their content.

const CRLF = Buffer.from('\r\n');

export class MultipartError extends Error {}

export interface MultipartPart {
  /** Header names in lowercase; a repeated header keeps its last value. */
  headers: Map<string, string>;
  body: Buffer;
}

export interface ContentType {
  /** type/subtype in lowercase, without parameters. */
  mediaType: string;
  /** Parameter names in lowercase; quoted values unquoted. */
  params: Map<string, string>;
}

/** RFC 2045 §5.1 Content-Type: `type/subtype *(; name=value)`, value a token or quoted-string. */
export function parseContentType(header: string | undefined): ContentType {
  const text = header ?? '';
  const semi = text.indexOf(';');
  const mediaType = (semi < 0 ? text : text.slice(0, semi)).trim().toLowerCase();
  const params = new Map<string, string>();
  let i = semi < 0 ? text.length : semi + 1;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const name = text.slice(i, eq).trim().toLowerCase();
    let value: string;
    let j = eq + 1;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] === '"') {
      value = '';
      j++;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      j = text.indexOf(';', j);
    } else {
      const end = text.indexOf(';', j);
      value = (end < 0 ? text.slice(j) : text.slice(j, end)).trim();
      j = end;
    }
    if (name) params.set(name, value);
    i = j < 0 ? text.length : j + 1;
  }
  return { mediaType, params };
}

/**
 * Splits a multipart body into its parts. The delimiter is CRLF "--" boundary (RFC 2046); a body
 * that never uses CRLF before a boundary is read with bare LF line ends instead, a common client
 * slip. Preamble and epilogue are ignored. Throws MultipartError when the body is not multipart.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  if (boundary === '' || boundary.length > 200) {
    throw new MultipartError('the multipart boundary is missing or too long');
  }
  const dash = Buffer.from(`--${boundary}`);
  const crlfDelimiter = Buffer.concat([CRLF, dash]);
  // Every well-formed body has at least its closing delimiter after a CRLF.
  const newline = body.indexOf(crlfDelimiter) < 0 ? Buffer.from('\n') : CRLF;
  const delimiter = Buffer.concat([newline, dash]);

  // The first boundary may open the body, or follow a preamble.
  let cursor: number;
  if (body.subarray(0, dash.length).equals(dash)) {
    cursor = dash.length;
  } else {
    const first = body.indexOf(delimiter);
    if (first < 0) throw new MultipartError('the body does not contain the multipart boundary');
    cursor = first + delimiter.length;
  }

  const parts: MultipartPart[] = [];
  for (;;) {
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) return parts; // "--": close delimiter
    cursor = skipLine(body, cursor);
    const next = body.indexOf(delimiter, cursor);
    if (next < 0) throw new MultipartError('the multipart body ends before its closing boundary');
    parts.push(parsePart(body.subarray(cursor, next)));
    cursor = next + delimiter.length;
  }
}

/** After a boundary: optional transport padding (spaces, tabs), then the line end. */
function skipLine(body: Buffer, from: number): number {
  let i = from;
  while (body[i] === 0x20 || body[i] === 0x09) i++;
  if (body[i] === 0x0d && body[i + 1] === 0x0a) return i + 2;
  if (body[i] === 0x0a) return i + 1;
  throw new MultipartError('a multipart boundary is not followed by a line break');
}

function parsePart(raw: Buffer): MultipartPart {
  let end = raw.indexOf('\r\n\r\n');
  let separator = 4;
  const lfEnd = raw.indexOf('\n\n');
  if (lfEnd >= 0 && (end < 0 || lfEnd < end)) {
    end = lfEnd;
    separator = 2;
  }
  let headerText: string;
  let body: Buffer;
  if (raw.subarray(0, 2).equals(CRLF) || raw[0] === 0x0a) {
    // No headers at all: the blank line comes first.
    headerText = '';
    body = raw.subarray(raw[0] === 0x0a ? 1 : 2);
  } else {
    if (end < 0) throw new MultipartError('a multipart part has no blank line after its headers');
    headerText = raw.subarray(0, end).toString('latin1');
    body = raw.subarray(end + separator);
  }
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of headerText.split(/\r?\n/)) {
    if (line === '') continue;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      headers.set(last, `${headers.get(last) ?? ''} ${line.trim()}`); // folded continuation
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`a multipart part has a malformed header line`);
    last = line.slice(0, colon).trim().toLowerCase();
    headers.set(last, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

export interface OutgoingPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** A multipart body with CRLF line ends; the boundary must not occur in any part. */
export function writeMultipart(parts: OutgoingPart[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head = Object.entries(part.headers)
      .map(([name, value]) => {
        if (/[\r\n]/.test(name + value)) throw new MultipartError('a header must not contain a line break');
        return `${name}: ${value}\r\n`;
      })
      .join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`, 'latin1'), part.body, CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(chunks);
}
