// xAPI 1.0.3 Communication §3.1 and IEEE 9274.1.1 §4.1.4 — ETags and preconditions of document writes.

import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  checkDocumentPreconditions,
  type DocumentPreconditions,
  documentEtag,
  EntityTagSyntaxError,
  parseEntityTagCondition,
  quoteEtag,
  requiresPreconditionToOverwrite,
} from './document-concurrency.js';

const CURRENT = documentEtag(Buffer.from('{"a":1}'));
const OTHER = documentEtag(Buffer.from('{"a":2}'));

const pre = (ifMatch?: string, ifNoneMatch?: string): DocumentPreconditions => ({
  ...(ifMatch !== undefined ? { ifMatch: parseEntityTagCondition(ifMatch, 'If-Match') } : {}),
  ...(ifNoneMatch !== undefined
    ? { ifNoneMatch: parseEntityTagCondition(ifNoneMatch, 'If-None-Match') }
    : {}),
});

describe('documentEtag', () => {
  it('is the lowercase SHA-1 hex of the exact bytes, quoted for HTTP', () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    expect(documentEtag(bytes)).toBe(createHash('sha1').update(bytes).digest('hex'));
    expect(documentEtag(bytes)).toMatch(/^[0-9a-f]{40}$/);
    expect(quoteEtag(documentEtag(bytes))).toMatch(/^"[0-9a-f]{40}"$/);
  });
});

describe('parseEntityTagCondition', () => {
  it('reads *, lists, weak tags and bare tokens', () => {
    expect(parseEntityTagCondition(' * ', 'If-Match')).toEqual({ any: true });
    expect(parseEntityTagCondition(`"${CURRENT}", W/"x"`, 'If-Match')).toEqual({
      any: false,
      tags: [
        { value: CURRENT, weak: false },
        { value: 'x', weak: true },
      ],
    });
    expect(parseEntityTagCondition('1234', 'If-Match')).toEqual({
      any: false,
      tags: [{ value: '1234', weak: false }],
    });
  });

  it.each(['', ',', '"unterminated', 'W/bare', 'a"b'])('refuses %j', (header) => {
    expect(() => parseEntityTagCondition(header, 'If-Match')).toThrow(EntityTagSyntaxError);
  });
});

describe('requiresPreconditionToOverwrite', () => {
  it.each([
    ['1.0.3', 'state', 'PUT', false],
    ['1.0.3', 'activityProfile', 'PUT', true],
    ['1.0.3', 'agentProfile', 'PUT', true],
    ['2.0.0', 'state', 'PUT', true],
    ['2.0.0', 'activityProfile', 'PUT', true],
    ['2.0.0', 'agentProfile', 'POST', false],
    ['2.0.0', 'state', 'DELETE', false],
    ['1.0.3', 'agentProfile', 'DELETE', false],
  ] as const)('%s %s %s → %s', (version, kind, method, expected) => {
    expect(requiresPreconditionToOverwrite(version, kind, method)).toBe(expected);
  });
});

describe('checkDocumentPreconditions', () => {
  it.each<[string, DocumentPreconditions, string | null, boolean, number | 'ok']>([
    ['If-Match with the current tag', pre(`"${CURRENT}"`), CURRENT, true, 'ok'],
    ['If-Match listing the current tag among others', pre(`"${OTHER}", "${CURRENT}"`), CURRENT, true, 'ok'],
    ['If-Match with another tag', pre(`"${OTHER}"`), CURRENT, true, 412],
    ['If-Match with the current tag marked weak', pre(`W/"${CURRENT}"`), CURRENT, true, 412],
    ['If-Match: * on an existing document', pre('*'), CURRENT, true, 'ok'],
    ['If-Match: * on a missing document', pre('*'), null, true, 412],
    ['If-Match on a missing document', pre(`"${CURRENT}"`), null, false, 412],
    ['If-None-Match: * on a missing document', pre(undefined, '*'), null, true, 'ok'],
    ['If-None-Match: * on an existing document', pre(undefined, '*'), CURRENT, true, 412],
    ['If-None-Match with the current tag', pre(undefined, `W/"${CURRENT}"`), CURRENT, false, 412],
    ['If-None-Match with another tag', pre(undefined, `"${OTHER}"`), CURRENT, true, 'ok'],
    ['no header, existing document, overwrite needs one', pre(), CURRENT, true, 409],
    ['no header, existing document, overwrite allowed', pre(), CURRENT, false, 'ok'],
    ['no header, missing document', pre(), null, true, 'ok'],
  ])('%s', (_, preconditions, current, conflictWithoutHeaders, expected) => {
    const decision = checkDocumentPreconditions(preconditions, current, conflictWithoutHeaders);
    expect(decision.ok ? 'ok' : decision.status).toBe(expected);
  });

  it('explains a 409 so that the client knows to send If-Match', () => {
    const decision = checkDocumentPreconditions({}, CURRENT, true);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.message).toMatch(/If-Match/);
  });
});
