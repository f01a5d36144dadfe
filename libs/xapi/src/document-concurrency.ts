// xAPI 1.0.3 Communication §3.1 (Concurrency) and IEEE 9274.1.1 §4.1.4 (Concurrency) — ETags and the
// If-Match / If-None-Match preconditions of the Document Resources, per version.

import { createHash } from 'node:crypto';

import type { DocumentKind, DocumentMethod } from './document-params.js';
import type { XapiVersion } from './types.js';

/**
 * The ETag of a document: the SHA-1 digest of its contents as lowercase hex (§3.1: "MUST calculate the
 * value of the ETag header to be a hexadecimal string of the SHA-1 digest of the contents", lowercase
 * SHOULD). Unquoted; HTTP encloses it in quotes.
 */
export function documentEtag(content: Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}

/** An ETag as an HTTP header value: enclosed in quotes (§3.1 "MUST enclose the header in quotes"). */
export function quoteEtag(etag: string): string {
  return `"${etag}"`;
}

/** The entity tags of an If-Match / If-None-Match header: `*`, or the listed tags. */
export type EntityTagCondition = { any: true } | { any: false; tags: EntityTag[] };

export interface EntityTag {
  /** The opaque tag, without quotes. */
  value: string;
  /** `W/"…"`: never equal under the strong comparison that If-Match requires. */
  weak: boolean;
}

/** A header that is not a list of entity tags; answer 400. */
export class EntityTagSyntaxError extends Error {
  readonly status = 400;

  constructor(header: string) {
    super(`${header} must be "*" or a comma-separated list of quoted entity tags, e.g. "3f2a…"`);
    this.name = 'EntityTagSyntaxError';
  }
}

/**
 * Parses an If-Match or If-None-Match value (RFC 9110 §13.1.1 / §13.1.2): `*` or `#entity-tag`. A bare
 * unquoted token is accepted as a tag too, since some xAPI clients send the hex digest without quotes.
 *
 * @throws EntityTagSyntaxError on anything else (an empty list, an unterminated quote).
 */
export function parseEntityTagCondition(header: string, name: string): EntityTagCondition {
  const trimmed = header.trim();
  if (trimmed === '*') return { any: true };
  const tags: EntityTag[] = [];
  for (const part of trimmed.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const weak = item.startsWith('W/');
    const body = weak ? item.slice(2) : item;
    const quoted = /^"([\x21\x23-\x7e\x80-\xff]*)"$/.exec(body);
    if (quoted) tags.push({ value: quoted[1]!, weak });
    else if (!weak && /^[\x21\x23-\x2b\x2d-\x7e]+$/.test(body)) tags.push({ value: body, weak: false });
    else throw new EntityTagSyntaxError(name);
  }
  if (tags.length === 0) throw new EntityTagSyntaxError(name);
  return { any: false, tags };
}

/** The preconditions a write carries. */
export interface DocumentPreconditions {
  ifMatch?: EntityTagCondition;
  ifNoneMatch?: EntityTagCondition;
}

/** What to do with a write, given the preconditions and the document as it is now. */
export type PreconditionDecision = { ok: true } | { ok: false; status: 400 | 409 | 412; message: string };

/**
 * Whether a write without If-Match or If-None-Match must be refused when the document already exists.
 *
 * - 1.0.3 Communication §3.1: a PUT without either header to an existing document gets 409 Conflict; the
 *   State Resource "will permit PUT, POST and DELETE requests without concurrency headers", so a State PUT
 *   simply replaces the document.
 * - IEEE 9274.1.1 §4.1.4: the same 409 rule, and the State Resource is no longer exempt (the 2.0 ADL
 *   conformance suite checks it on State, Activity Profile and Agent Profile alike).
 * - POST and DELETE never require a header (SHOULD* for clients in both versions), so they proceed.
 *
 * Neither version defines 428 Precondition Required for Document Resources.
 */
export function requiresPreconditionToOverwrite(
  version: XapiVersion,
  kind: DocumentKind,
  method: DocumentMethod,
): boolean {
  if (method !== 'PUT') return false;
  return version === '2.0.0' || kind !== 'state';
}

/**
 * Whether a write must carry If-Match or If-None-Match even when the document does not exist yet.
 * The 1.0.3 Agent and Activity Profile resources say a PUT without an ETag header is rejected
 * (the 1.0.3 ADL suite checks 400 for a new document); the State resource and 2.0 do not.
 */
export function requiresPreconditionHeader(
  version: XapiVersion,
  kind: DocumentKind,
  method: DocumentMethod,
): boolean {
  return version === '1.0.3' && kind !== 'state' && method === 'PUT';
}

/**
 * Evaluates If-Match and If-None-Match against the document's current ETag (`null`: no such document), as
 * RFC 9110 §13.2.2 orders them, then the xAPI rule for writes without either header.
 *
 * @param conflictWithoutHeaders the result of {@link requiresPreconditionToOverwrite} for this request.
 */
export function checkDocumentPreconditions(
  preconditions: DocumentPreconditions,
  currentEtag: string | null,
  conflictWithoutHeaders: boolean,
  headerRequired = false,
): PreconditionDecision {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifMatch !== undefined) {
    if (currentEtag === null) {
      return { ok: false, status: 412, message: 'If-Match was given but the document does not exist' };
    }
    if (!ifMatch.any && !ifMatch.tags.some((t) => !t.weak && t.value === currentEtag)) {
      return {
        ok: false,
        status: 412,
        message: 'If-Match does not match the current ETag of the document; fetch it again and retry',
      };
    }
  }
  if (ifNoneMatch !== undefined && currentEtag !== null) {
    // Weak comparison (RFC 9110 §13.1.2): a W/ tag matches a strong tag with the same value.
    if (ifNoneMatch.any || ifNoneMatch.tags.some((t) => t.value === currentEtag)) {
      return {
        ok: false,
        status: 412,
        message: ifNoneMatch.any
          ? 'If-None-Match: * was given but the document already exists'
          : 'If-None-Match matches the current ETag of the document',
      };
    }
  }
  if (ifMatch === undefined && ifNoneMatch === undefined && currentEtag !== null && conflictWithoutHeaders) {
    return {
      ok: false,
      status: 409,
      message:
        'the document already exists and the request has neither If-Match nor If-None-Match; ' +
        'check the current state of the document, then send If-Match with its current ETag to replace it',
    };
  }
  if (ifMatch === undefined && ifNoneMatch === undefined && currentEtag === null && headerRequired) {
    return {
      ok: false,
      status: 400,
      message:
        'a PUT to this resource needs If-None-Match: * (new document) or If-Match with the current ETag',
    };
  }
  return { ok: true };
}
