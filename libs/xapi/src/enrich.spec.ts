// xAPI 1.0.3 Data §2.4.1, §2.4.6.2, §2.4.7–§2.4.10 and IEEE 9274.1.1 §4.2.4 — LRS-assigned properties.

import { describe, expect, it } from 'vitest';

import { enrichStatement, type EnrichContext } from './enrich.js';
import { minimalStatement, richStatement103, subStatementStatement } from './testing/fixtures.js';
import type { Agent, Statement, SubStatement } from './types.js';

const authority: Agent = {
  objectType: 'Agent',
  account: { homePage: 'https://lrs.example.com', name: 'key-1' },
};
const stored = '2024-05-01T08:15:31.000Z';
const ctx = (over: Partial<EnrichContext> = {}): EnrichContext => ({
  stored,
  authority,
  version: '1.0.3',
  newId: () => '11111111-2222-4333-8444-555555555555',
  ...over,
});

describe('enrichStatement', () => {
  it('assigns id, stored, timestamp, authority and version to a bare statement', () => {
    expect(enrichStatement(minimalStatement(), ctx())).toEqual({
      ...minimalStatement(),
      id: '11111111-2222-4333-8444-555555555555',
      stored,
      timestamp: stored,
      authority,
      version: '1.0.0',
    });
  });

  it('labels statements of a 2.0 request 2.0.0', () => {
    expect(enrichStatement(minimalStatement(), ctx({ version: '2.0.0' })).version).toBe('2.0.0');
  });

  it('keeps the statement own id (lowercased), timestamp and version', () => {
    const statement = {
      ...minimalStatement(),
      id: 'E05AA883-ACAF-40AD-BF54-02C8CE485FB0',
      timestamp: '2024-01-01T00:00:00+01:00',
      version: '1.0.3',
    };
    const enriched = enrichStatement(statement, ctx({ version: '2.0.0' }));
    expect(enriched.id).toBe('e05aa883-acaf-40ad-bf54-02c8ce485fb0');
    expect(enriched.timestamp).toBe('2024-01-01T00:00:00+01:00');
    expect(enriched.version).toBe('1.0.3');
  });

  it('uses the PUT statementId over the statement id and the generator', () => {
    const enriched = enrichStatement(
      { ...minimalStatement(), id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' },
      ctx({ id: 'E05AA883-ACAF-40AD-BF54-02C8CE485FB0', newId: () => 'unused' }),
    );
    expect(enriched.id).toBe('e05aa883-acaf-40ad-bf54-02c8ce485fb0');
  });

  it('replaces a submitted authority and stored', () => {
    const enriched = enrichStatement(richStatement103(), ctx());
    expect(enriched.authority).toEqual(authority);
    expect(enriched.stored).toBe(stored);
  });

  it('turns single contextActivities into arrays, also inside a SubStatement', () => {
    const enriched = enrichStatement(richStatement103(), ctx());
    expect(enriched.context?.contextActivities?.grouping).toEqual([
      { objectType: 'Activity', id: 'https://example.com/course/algebra' },
    ]);
    const sub = enrichStatement(subStatementStatement(), ctx()).object as SubStatement;
    expect(sub.context?.contextActivities?.parent).toEqual([{ id: 'https://example.com/course' }]);
  });

  it('does not modify its input', () => {
    const statement: Statement = richStatement103();
    const before = structuredClone(statement);
    const enriched = enrichStatement(statement, ctx());
    expect(statement).toEqual(before);
    enriched.context!.contextActivities!.parent = [];
    expect(statement.context?.contextActivities?.parent).toHaveLength(1);
  });
});
