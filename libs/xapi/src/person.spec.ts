import { describe, expect, it } from 'vitest';

import { definedActivitiesOf, mergeDefinedActivities } from './activities.js';
import { personOf } from './person.js';
import type { Statement } from './types.js';

describe('personOf (Communication §2.6)', () => {
  it('puts each identifier and name in an array, without duplicates', () => {
    expect(
      personOf([
        { name: 'Ana', mbox: 'mailto:ana@example.org' },
        { name: 'Ana', account: { homePage: 'https://lms.example.org', name: '42' } },
        { account: { homePage: 'https://lms.example.org', name: '42' } },
      ]),
    ).toEqual({
      objectType: 'Person',
      name: ['Ana'],
      mbox: ['mailto:ana@example.org'],
      account: [{ homePage: 'https://lms.example.org', name: '42' }],
    });
  });
});

describe('definedActivitiesOf', () => {
  it('finds defined activities in the object, the context and a SubStatement', () => {
    const def = (n: string) => ({ name: { en: n } });
    const statement = {
      actor: { mbox: 'mailto:a@example.org' },
      verb: { id: 'http://example.org/v' },
      object: {
        objectType: 'SubStatement',
        actor: { mbox: 'mailto:a@example.org' },
        verb: { id: 'http://example.org/v' },
        object: { id: 'http://example.org/sub', definition: def('sub') },
      },
      context: {
        contextActivities: {
          parent: [{ id: 'http://example.org/parent', definition: def('parent') }],
          grouping: { id: 'http://example.org/plain' },
        },
      },
    } as unknown as Statement;
    expect(definedActivitiesOf(statement).map((a) => a.id)).toEqual([
      'http://example.org/parent',
      'http://example.org/sub',
    ]);
  });
});

describe('mergeDefinedActivities', () => {
  it('keeps every language of a batch and lets later properties win', () => {
    expect(
      mergeDefinedActivities([
        {
          id: 'http://example.org/a',
          definition: { name: { 'en-US': 'meeting' }, type: 'http://example.org/t1' },
        },
        { id: 'http://example.org/b', definition: { name: { en: 'other' } } },
        {
          id: 'http://example.org/a',
          definition: { name: { 'fr-FR': 'réunion' }, type: 'http://example.org/t2' },
        },
      ]),
    ).toEqual([
      {
        id: 'http://example.org/a',
        definition: { name: { 'en-US': 'meeting', 'fr-FR': 'réunion' }, type: 'http://example.org/t2' },
      },
      { id: 'http://example.org/b', definition: { name: { en: 'other' } } },
    ]);
  });
});
