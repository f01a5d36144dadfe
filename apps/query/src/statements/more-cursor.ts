// `more` cursors: the original query plus where the last page ended, bound to the principal
// that received it. The access filter is applied again on every page, so a cursor never
// widens what its holder may read; binding it only stops it being replayed by others. The
// cursor is signed (HMAC-SHA256 with CUSTOS_CURSOR_KEY), so the principal it names is the one
// Custos issued it to: an edited or foreign cursor cannot be read, and is refused as malformed.
// A refused cursor is still a refused read of learner data, so the caller audits it (docs/audit.md).
import { createHmac, timingSafeEqual } from 'node:crypto';

import { isUuid, jsonNestingExceeds } from '@custos/xapi';

export interface MoreCursor {
  params: Record<string, string | string[]>;
  afterSeq: string;
  principalId: string;
}

/** Why a cursor is refused, and what of it can be told to the audit log (never the raw token). */
export interface RefusedCursor {
  reason: 'malformed more cursor' | 'more cursor issued to another principal';
  /** The principal a well-formed cursor of someone else names (a credential or person id). */
  issuedTo?: string;
  /** Its query parameters, to record what was attempted the way an allowed read records it. */
  params?: MoreCursor['params'];
}

/** The key cursors are signed with, from its setting (the same on every query replica). */
export function cursorKeyFrom(setting: string): Buffer {
  // Any random string will do as an HMAC key; a short one could be guessed.
  if (setting.trim().length < 32) {
    throw new Error('CUSTOS_CURSOR_KEY must be at least 32 characters (openssl rand -hex 32)');
  }
  return Buffer.from(setting.trim(), 'utf8');
}

const macOf = (key: Buffer, body: string): Buffer => createHmac('sha256', key).update(body).digest();

/** `<body>.<mac>`: the body is the cursor as base64url JSON, the MAC its HMAC-SHA256 (base64url). */
export const encodeCursor = (c: MoreCursor, key: Buffer): string => {
  const body = Buffer.from(JSON.stringify({ v: 1, p: c.params, a: c.afterSeq, c: c.principalId })).toString(
    'base64url',
  );
  return `${body}.${macOf(key, body).toString('base64url')}`;
};

/** The body of a cursor whose MAC is right; undefined for anything else. */
function verifiedBody(token: string, key: Buffer): string | undefined {
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const body = token.slice(0, dot);
  const mac = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = macOf(key, body);
  return mac.length === expected.length && timingSafeEqual(mac, expected) ? body : undefined;
}

const isParams = (p: unknown): p is MoreCursor['params'] =>
  typeof p === 'object' &&
  p !== null &&
  !Array.isArray(p) &&
  Object.values(p).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  );

/**
 * The cursor, when it is one this LRS signed with `key` and issued to `principalId`; otherwise why not. The MAC
 * is checked before anything of the cursor is read, so nothing a client made up reaches the audit log.
 */
export function decodeCursor(
  token: string,
  principalId: string,
  key: Buffer,
): { cursor: MoreCursor } | { refused: RefusedCursor } {
  const malformed = { refused: { reason: 'malformed more cursor' as const } };
  const body = verifiedBody(token, key);
  if (body === undefined) return malformed;
  let raw: { v?: unknown; p?: unknown; a?: unknown; c?: unknown };
  try {
    const text = Buffer.from(body, 'base64url').toString('utf8');
    // A cursor is the client's text: one nested deeper than any we issue is not ours.
    if (jsonNestingExceeds(text)) throw new Error('too deep');
    raw = JSON.parse(text) as typeof raw;
  } catch {
    return malformed;
  }
  if (
    typeof raw !== 'object' ||
    raw === null ||
    raw.v !== 1 ||
    !isParams(raw.p) ||
    typeof raw.a !== 'string' ||
    !/^\d+$/.test(raw.a) ||
    typeof raw.c !== 'string'
  ) {
    return malformed;
  }
  if (raw.c !== principalId) {
    return {
      refused: {
        reason: 'more cursor issued to another principal',
        // Only an id-shaped value goes into the log (a signed cursor holds nothing else).
        ...(isUuid(raw.c) ? { issuedTo: raw.c } : {}),
        params: raw.p,
      },
    };
  }
  return { cursor: { params: raw.p, afterSeq: raw.a, principalId } };
}
