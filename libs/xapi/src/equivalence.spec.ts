// xAPI 1.0.3 Data §2.3.1 (Statement Comparison Requirements) and IEEE 9274.1.1 §4.2.6 — equivalence.

import { describe, expect, it } from 'vitest';

import { enrichStatement } from './enrich.js';
import { statementsEquivalent } from './equivalence.js';
import { REMOVE, withValue } from './testing/mutate.js';
import { richStatement103, richStatement200, subStatementStatement } from './testing/fixtures.js';
import type { Statement } from './types.js';

type Key = string | number;
const change = (base: Statement, path: Key[], value: unknown) => withValue(base, path, value) as Statement;

describe('statementsEquivalent', () => {
  it('matches a statement with its stored (enriched) form', () => {
    const incoming = richStatement103();
    const stored = enrichStatement(incoming, {
      stored: '2025-01-01T00:00:00Z',
      authority: { mbox: 'mailto:lrs@example.com' },
      version: '2.0.0',
      newId: () => 'unused',
    });
    expect(statementsEquivalent(incoming, stored)).toBe(true);
    expect(statementsEquivalent(stored, incoming)).toBe(true);
  });

  // prettier-ignore
  const ignored: [string, Key[], unknown][] = [
    ['id case', ['id'], 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'],
    ['a missing id', ['id'], REMOVE],
    ['authority', ['authority'], { mbox: 'mailto:other@example.com' }],
    ['stored', ['stored'], '2030-01-01T00:00:00Z'],
    ['timestamp', ['timestamp'], '2030-01-01T00:00:00Z'],
    ['version', ['version'], '1.0.3'],
    ['attachments', ['attachments'], REMOVE],
    ['verb display', ['verb', 'display'], { de: 'beantwortet' }],
    ['Activity definitions', ['object', 'definition'], { name: { en: 'Other name' } }],
    ['contextActivity definitions', ['context', 'contextActivities', 'other', 0, 'definition'], REMOVE],
    ['a single contextActivity vs an array', ['context', 'contextActivities', 'grouping'], [{ objectType: 'Activity', id: 'https://example.com/course/algebra' }]],
    ['Group member order', ['actor', 'member'], [{ openid: 'https://openid.example.org/bob' }, { objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.com' }, { mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e364975' }]],
    ['mbox domain case', ['context', 'team', 'mbox'], 'mailto:team@EXAMPLE.com'],
    ['mbox_sha1sum case', ['actor', 'member', 1, 'mbox_sha1sum'], 'CD9B00A5611F94EAA7B1661EDAB976068E364975'],
    ['registration case', ['context', 'registration'], 'EC531277-B57B-4C15-8D91-D292C5B2B8F7'],
    ['StatementRef id case', ['context', 'statement', 'id'], '6690E6C9-3EF0-4ED3-8B37-7F3964730BEE'],
    ['language tag case', ['context', 'language'], 'EN-us'],
    ['an omitted default objectType', ['object', 'objectType'], REMOVE],
    ['duration precision beyond 0.01 s', ['result', 'duration'], 'PT1M30.259S'],
    ['extension key order', ['result', 'extensions'], { 'urn:example:nullable': null, 'https://example.com/ext/attempt': 2 }],
  ];
  it.each(ignored)('ignores %s', (_name, path, value) => {
    expect(statementsEquivalent(richStatement103(), change(richStatement103(), path, value))).toBe(true);
  });

  // prettier-ignore
  const significant: [string, Key[], unknown][] = [
    ['the actor', ['actor', 'account', 'name'], 'team-18'],
    ['an Agent name', ['actor', 'member', 0, 'name'], 'Anne'],
    ['the mbox local part case', ['actor', 'member', 0, 'mbox'], 'mailto:Ann@example.com'],
    ['the verb id', ['verb', 'id'], 'http://adlnet.gov/expapi/verbs/attempted'],
    ['the object id', ['object', 'id'], 'https://example.com/quiz/1/question/4'],
    ['the result score', ['result', 'score', 'raw'], 6],
    ['the result duration', ['result', 'duration'], 'PT1M31S'],
    ['a result extension value', ['result', 'extensions', 'https://example.com/ext/attempt'], 3],
    ['the registration', ['context', 'registration'], 'ec531277-b57b-4c15-8d91-d292c5b2b8f8'],
    ['a contextActivity id', ['context', 'contextActivities', 'parent', 0, 'id'], 'https://example.com/quiz/2'],
    ['contextActivity order', ['context', 'contextActivities', 'parent'], [{ id: 'https://example.com/quiz/1' }, { id: 'https://example.com/quiz/0' }]],
    ['the instructor', ['context', 'instructor', 'account', 'homePage'], 'https://other.example.com'],
    ['context platform', ['context', 'platform'], 'Other LMS'],
    ['a removed context', ['context'], REMOVE],
  ];
  it.each(significant)('detects a different %s', (_name, path, value) => {
    expect(statementsEquivalent(richStatement103(), change(richStatement103(), path, value))).toBe(false);
  });

  it('compares 2.0 contextAgents', () => {
    const changed = change(
      richStatement200(),
      ['context', 'contextAgents', 0, 'agent', 'mbox'],
      'mailto:other@example.com',
    );
    expect(statementsEquivalent(richStatement200(), richStatement200())).toBe(true);
    expect(statementsEquivalent(richStatement200(), changed)).toBe(false);
  });

  it('compares a SubStatement timestamp as an instant', () => {
    const base = subStatementStatement();
    const sameInstant = change(base, ['object', 'timestamp'], '2030-01-01T01:00:00.000+01:00');
    const otherInstant = change(base, ['object', 'timestamp'], '2030-01-01T00:00:01Z');
    expect(statementsEquivalent(base, sameInstant)).toBe(true);
    expect(statementsEquivalent(base, otherInstant)).toBe(false);
  });

  it('ignores SubStatement attachments and Activity definitions but not its result', () => {
    const base = subStatementStatement();
    expect(statementsEquivalent(base, change(base, ['object', 'attachments'], REMOVE))).toBe(true);
    expect(statementsEquivalent(base, change(base, ['object', 'object', 'definition'], REMOVE))).toBe(true);
    expect(statementsEquivalent(base, change(base, ['object', 'result', 'completion'], false))).toBe(false);
  });
});
