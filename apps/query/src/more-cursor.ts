// `more` cursors: the original query plus where the last page ended, bound to the principal
// that received it. The access filter is applied again on every page, so a cursor never
// widens what its holder may read; binding it only stops it being replayed by others.
import { NotFoundError } from '@custos/contracts';
import { jsonNestingExceeds } from '@custos/xapi';

export interface MoreCursor {
  params: Record<string, string | string[]>;
  afterSeq: string;
  principalId: string;
}

export const encodeCursor = (c: MoreCursor): string =>
  Buffer.from(JSON.stringify({ v: 1, p: c.params, a: c.afterSeq, c: c.principalId })).toString('base64url');

export function decodeCursor(token: string, principalId: string): MoreCursor {
  let raw: { v?: unknown; p?: unknown; a?: unknown; c?: unknown };
  try {
    const text = Buffer.from(token, 'base64url').toString('utf8');
    // A cursor is the client's text: one nested deeper than any we issue is not ours.
    if (jsonNestingExceeds(text)) throw new Error('too deep');
    raw = JSON.parse(text) as typeof raw;
  } catch {
    throw new NotFoundError('unknown or expired more cursor');
  }
  if (
    raw.v !== 1 ||
    typeof raw.p !== 'object' ||
    raw.p === null ||
    typeof raw.a !== 'string' ||
    !/^\d+$/.test(raw.a) ||
    raw.c !== principalId
  ) {
    throw new NotFoundError('unknown or expired more cursor');
  }
  return { params: raw.p as MoreCursor['params'], afterSeq: raw.a, principalId };
}
