// xAPI 1.0.3 Communication §2.1.3 (format parameter, canonical language filtering) and IEEE 9274.1.1
// §4.1.6.1 — response formats.

import { describe, expect, it } from 'vitest';

import { parseAcceptLanguage, pickLanguage } from './accept-language.js';
import { formatStatement } from './format.js';
import { richStatement200, subStatementStatement } from './testing/fixtures.js';
import type { Activity, ActivityDefinition, Statement, SubStatement } from './types.js';

describe('formatStatement', () => {
  it('returns an equal copy for exact', () => {
    const statement = richStatement200();
    const formatted = formatStatement(statement, 'exact', ['en']);
    expect(formatted).toEqual(statement);
    expect(formatted).not.toBe(statement);
  });

  it('reduces Agents, Groups, Activities and Verbs to their identifiers for ids', () => {
    const formatted = formatStatement(richStatement200(), 'ids', []);
    expect(formatted.actor).toEqual({
      objectType: 'Group',
      account: { homePage: 'https://lms.example.com', name: 'team-17' },
    });
    expect(formatted.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/answered' });
    expect(formatted.object).toEqual({ id: 'https://example.com/quiz/1/question/3' });
    expect(formatted.authority).toEqual({
      objectType: 'Group',
      member: [
        { account: { homePage: 'https://lrs.example.com/OAuth/token', name: 'consumer-key' } },
        { mbox: 'mailto:ann@example.com' },
      ],
    });
    expect(formatted.context?.instructor).toEqual({
      account: { homePage: 'https://lms.example.com', name: 'prof-1' },
    });
    expect(formatted.context?.contextActivities?.other).toEqual([{ id: 'https://example.com/textbook' }]);
    expect(formatted.context?.contextActivities?.grouping).toEqual({
      id: 'https://example.com/course/algebra',
    });
    expect(formatted.context?.contextAgents?.[0]).toEqual({
      objectType: 'contextAgent',
      agent: { objectType: 'Agent', mbox: 'mailto:coach@example.com' },
      relevantTypes: ['https://example.com/activity-types/coach'],
    });
    expect(formatted.context?.contextGroups?.[0]?.group).toEqual({
      objectType: 'Group',
      mbox: 'mailto:team-b@example.com',
    });
    // non-identity data is untouched
    expect(formatted.result).toEqual(richStatement200().result);
  });

  it('applies ids inside a SubStatement', () => {
    const sub = formatStatement(subStatementStatement(), 'ids', []).object as SubStatement;
    expect(sub.verb).toEqual({ id: 'https://example.com/verbs/visit' });
    expect(sub.object).toEqual({ id: 'https://example.com/website' });
    expect(sub.actor).toEqual({
      objectType: 'Group',
      member: [{ mbox: 'mailto:ann@example.com' }, { mbox: 'mailto:bob@example.com' }],
    });
  });

  it('keeps one language per map of Activities and Verbs for canonical', () => {
    const formatted = formatStatement(richStatement200(), 'canonical', ['fr-CA', 'es']);
    expect(formatted.verb.display).toEqual({ 'fr-CA': 'a répondu' });
    const definition = (formatted.object as Activity).definition as ActivityDefinition;
    expect(definition.name).toEqual({ es: 'Pregunta 3' });
    expect(definition.description).toEqual({ 'en-US': 'Which of these are prime?' });
    expect(definition.choices?.[0]).toEqual({ id: 'two', description: { 'en-US': '2' } });
    // Agents stay exact and non-language data is untouched
    expect(formatted.actor).toEqual(richStatement200().actor);
    expect(definition.correctResponsesPattern).toEqual(['two[,]three', 'three']);
  });

  it('does not modify its input', () => {
    const statement: Statement = richStatement200();
    formatStatement(statement, 'canonical', ['es']);
    formatStatement(statement, 'ids', []);
    expect(statement).toEqual(richStatement200());
  });
});

describe('pickLanguage', () => {
  const map = { 'en-US': 'color', 'en-GB': 'colour', fr: 'couleur', 'zh-Hans-CN': '颜色' };

  it.each([
    [['en-GB'], { 'en-GB': 'colour' }],
    [['fr-CA', 'en-GB'], { 'en-GB': 'colour' }],
    [['en'], { 'en-US': 'color' }],
    [['zh'], { 'zh-Hans-CN': '颜色' }],
    [['de', 'fr-CA'], { fr: 'couleur' }],
    [['*'], { 'en-US': 'color' }],
    [['de'], { 'en-US': 'color' }],
    [[], { 'en-US': 'color' }],
    [['EN-gb'], { 'en-GB': 'colour' }],
  ])('for %j picks %j', (languages, expected) => {
    expect(pickLanguage(map, languages)).toEqual(expected);
  });
});

describe('parseAcceptLanguage', () => {
  it('orders by q and drops q=0', () => {
    expect(parseAcceptLanguage('fr;q=0.5, en-GB, de;q=0, es;q=0.9')).toEqual(['en-GB', 'es', 'fr']);
  });

  it('handles a missing header', () => {
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage('')).toEqual([]);
  });
});
