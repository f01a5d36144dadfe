// `more` cursors: the original query plus where the last page ended, bound to the principal
// that received it. The access filter is applied again on every page, so a cursor never
// widens what its holder may read; binding it only stops it being replayed by others.
// A refused cursor is still a refused read of learner data, so the caller audits it (docs/audit.md).
import { jsonNestingExceeds } from '@custos/xapi';

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

export const encodeCursor = (c: MoreCursor): string =>
  Buffer.from(JSON.stringify({ v: 1, p: c.params, a: c.afterSeq, c: c.principalId })).toString('base64url');

const PRINCIPAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isParams = (p: unknown): p is MoreCursor['params'] =>
  typeof p === 'object' &&
  p !== null &&
  !Array.isArray(p) &&
  Object.values(p).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  );

/** The cursor, when it is well formed and was issued to `principalId`; otherwise why not. */
export function decodeCursor(
  token: string,
  principalId: string,
): { cursor: MoreCursor } | { refused: RefusedCursor } {
  const malformed = { refused: { reason: 'malformed more cursor' as const } };
  let raw: { v?: unknown; p?: unknown; a?: unknown; c?: unknown };
  try {
    const text = Buffer.from(token, 'base64url').toString('utf8');
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
        // Only an id-shaped value goes into the log; anything else was made up.
        ...(PRINCIPAL_ID.test(raw.c) ? { issuedTo: raw.c } : {}),
        params: raw.p,
      },
    };
  }
  return { cursor: { params: raw.p, afterSeq: raw.a, principalId } };
}
