// xAPI 1.0.3 Communication §2.2 (Document Resources: contents are arbitrary binary data; the JSON procedure
// for POST) and IEEE 9274.1.1 §4.1.6 (Document Resources) — what a document body may be, and the merge.

import { jsonNestingExceeds, tooDeepMessage } from './json-limits.js';

/** What a stored document is when its writer did not say (RFC 9110 §8.3: unknown binary data). */
export const DEFAULT_DOCUMENT_CONTENT_TYPE = 'application/octet-stream';

/** A document that POST may merge: a JSON Object. */
export type JsonObjectDocument = Record<string, unknown>;

/** A document write the spec forbids; answer 400 and leave the stored document alone. */
export class DocumentContentError extends Error {
  readonly status = 400;

  constructor(message: string) {
    super(message);
    this.name = 'DocumentContentError';
  }
}

/** True when the Content-Type's media type is application/json, whatever its parameters and case. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** The document as a JSON Object, or undefined when it is not valid UTF-8 JSON or not an Object. */
export function parseJsonObjectDocument(content: Uint8Array): JsonObjectDocument | undefined {
  const parsed = parseJson(content);
  return parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
}

/**
 * Checks a document body before it is stored (PUT, or POST of a document that does not exist yet), by its
 * Content-Type: an `application/json` body must be JSON, and a POSTed one a JSON Object, because the
 * JSON procedure can only ever merge Objects. Any other type is arbitrary binary data and is kept as is.
 *
 * @throws DocumentContentError
 */
export function checkDocumentBody(method: 'PUT' | 'POST', contentType: string, content: Uint8Array): void {
  if (!isJsonMediaType(contentType)) return;
  // Checked on the bytes before parsing: a document deeper than this is refused, not stored (json-limits.ts).
  if (jsonNestingExceeds(content)) throw new DocumentContentError(tooDeepMessage('the document'));
  const parsed = parseJson(content);
  if (!parsed.ok) {
    throw new DocumentContentError('the document has Content-Type application/json but is not valid JSON');
  }
  if (method === 'POST' && !isObject(parsed.value)) {
    throw new DocumentContentError(
      'a POSTed application/json document must be a JSON Object, so that it can be merged',
    );
  }
}

/**
 * The JSON procedure of 1.0.3 Communication §2.2 (IEEE 9274.1.1 §4.1.6): when a document already exists, a
 * POST merges the posted Object into it, top-level properties only, the posted value winning. Both
 * documents must have Content-Type application/json and parse as JSON Objects; otherwise the LRS answers
 * 400 and does not touch the stored document.
 *
 * @returns the merged document, serialised as JSON (UTF-8).
 * @throws DocumentContentError when either side is not a JSON Object document.
 */
export function mergeJsonDocuments(
  existing: { contentType: string; content: Uint8Array },
  posted: { contentType: string; content: Uint8Array },
): Buffer {
  if (!isJsonMediaType(posted.contentType)) {
    throw new DocumentContentError(
      'a document already exists here; a POST can only merge an application/json document into it (use PUT to replace it)',
    );
  }
  if (!isJsonMediaType(existing.contentType)) {
    throw new DocumentContentError(
      'the stored document is not application/json, so a POST cannot merge into it (use PUT to replace it)',
    );
  }
  const postedObject = parseJsonObjectDocument(posted.content);
  if (!postedObject) throw new DocumentContentError('the POSTed document is not a JSON Object');
  const existingObject = parseJsonObjectDocument(existing.content);
  if (!existingObject) {
    throw new DocumentContentError(
      'the stored document is not a JSON Object, so a POST cannot merge into it',
    );
  }
  return Buffer.from(JSON.stringify(mergeDocumentObjects(existingObject, postedObject)), 'utf8');
}

/**
 * Top-level merge: every property of `posted` replaces the property of the same name in `existing`, whole
 * (an Object value is not merged recursively).
 */
export function mergeDocumentObjects(
  existing: JsonObjectDocument,
  posted: JsonObjectDocument,
): JsonObjectDocument {
  // Object spread defines own properties, so a "__proto__" key from JSON stays a plain key.
  return { ...existing, ...posted };
}

function parseJson(content: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function isObject(value: unknown): value is JsonObjectDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
