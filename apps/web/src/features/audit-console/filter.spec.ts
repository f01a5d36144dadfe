import { describe, expect, it } from 'vitest';

import { learnerAgent, NO_FILTER, problemOf, toQuery } from './filter';

describe('the audit log filter', () => {
  it('sends nothing when nothing is chosen', () => {
    expect(toQuery(NO_FILTER)).toEqual({});
  });

  it('covers whole local days: from the first millisecond of the first to the last of the last', () => {
    const { since, until } = toQuery({ ...NO_FILTER, from: '2026-12-04', to: '2026-12-05' });
    // `since` is exclusive, `until` inclusive (docs/audit.md).
    expect(new Date(since!).getTime() + 1).toBe(new Date('2026-12-04T00:00:00').getTime());
    expect(new Date(until!).getTime() + 1).toBe(new Date('2026-12-06T00:00:00').getTime());
  });

  it('passes ids, the action and the outcome as typed, without surrounding spaces', () => {
    expect(
      toQuery({
        ...NO_FILTER,
        principal: ' c1 ',
        person: 'p1',
        action: 'statements.read',
        outcome: 'deny',
        policy: 'pol',
        grant: 'g',
      }),
    ).toEqual({
      principal: 'c1',
      person: 'p1',
      action: 'statements.read',
      outcome: 'deny',
      policy: 'pol',
      grant: 'g',
    });
  });

  it('turns an e-mail address into the xAPI Agent the API wants, and leaves an Agent in JSON alone', () => {
    expect(learnerAgent('ana@example.org')).toBe('{"mbox":"mailto:ana@example.org"}');
    expect(learnerAgent('mailto:ana@example.org')).toBe('{"mbox":"mailto:ana@example.org"}');
    const account = '{"account":{"homePage":"https://lms.example.org","name":"42"}}';
    expect(learnerAgent(account)).toBe(account);
  });

  it('says when a learner and a person are both given, which the API refuses', () => {
    expect(problemOf({ ...NO_FILTER, learner: 'a@b.c', person: 'p1' })).toBe('learnerAndPerson');
    expect(problemOf({ ...NO_FILTER, learner: 'a@b.c' })).toBeUndefined();
  });
});
