import { randomBytes } from 'node:crypto';

import type { Statement } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { PSEUDONYM_HOME_PAGE, pseudonymiseSubjects } from './pseudonymise.js';

const key = randomBytes(32);
const ana = { objectType: 'Agent', name: 'Ana Example', mbox: 'mailto:ana@example.org' };
const teacher = { objectType: 'Agent', name: 'Teacher', mbox: 'mailto:teacher@example.org' };
const statementOf = (actor: unknown) =>
  ({
    id: 'b3b2c1d0-0000-4000-8000-000000000001',
    actor,
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { objectType: 'Activity', id: 'https://example.org/a' },
    context: { instructor: teacher },
  }) as unknown as Statement;

describe('pseudonymiseSubjects', () => {
  it('replaces the actor with a stable keyed pseudonym and drops the name, keeping everything else', () => {
    const out = pseudonymiseSubjects(key, 't1', statementOf(ana));
    expect(out.actor).toEqual({
      objectType: 'Agent',
      account: { homePage: PSEUDONYM_HOME_PAGE, name: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(JSON.stringify(out)).not.toContain('ana@example.org');
    expect(JSON.stringify(out)).not.toContain('Ana Example');
    expect(out.context).toEqual({ instructor: teacher });
    expect(pseudonymiseSubjects(key, 't1', statementOf(ana))).toEqual(out);
  });

  it('gives another pseudonym in another tenant or under another key', () => {
    const name = (s: Statement) => (s.actor as { account: { name: string } }).account.name;
    const here = name(pseudonymiseSubjects(key, 't1', statementOf(ana)));
    expect(name(pseudonymiseSubjects(key, 't2', statementOf(ana)))).not.toBe(here);
    expect(name(pseudonymiseSubjects(randomBytes(32), 't1', statementOf(ana)))).not.toBe(here);
  });

  it('pseudonymises an actor Group and every member', () => {
    const group = { objectType: 'Group', name: 'Team', mbox: 'mailto:team@example.org', member: [ana] };
    const out = JSON.stringify(pseudonymiseSubjects(key, 't1', statementOf(group)).actor);
    for (const text of ['team@example.org', 'ana@example.org', 'Ana Example', '"Team"']) {
      expect(out).not.toContain(text);
    }
    expect(out.split(PSEUDONYM_HOME_PAGE)).toHaveLength(3);
  });
});
