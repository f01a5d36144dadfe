import { describe, expect, it } from 'vitest';

import { ERASED_HOME_PAGE, eraseAgentFrom } from './erase-agent.js';
import { ifiHash, ifiOf } from './ifi.js';
import { indexTermsOf } from './index-terms.js';
import type { Agent, Statement } from './types.js';
import { validateStatement } from './validate.js';

const ana: Agent = { name: 'Ana Erased', mbox: 'mailto:ana@example.org' };
const bob: Agent = { name: 'Bob Kept', mbox: 'mailto:bob@example.org' };
const anaHashes = new Set([
  ifiHash(ifiOf(ana)!),
  ifiHash(ifiOf({ mbox_sha1sum: 'c3b1d9b1b3e4f0f6b1a1d6a9b9e4f1a2b3c4d5e6' })!),
]);
const account = { homePage: ERASED_HOME_PAGE, name: '0b7c1e52-5d0c-4c52-9a36-3b2f1fb0b0a1' };

const statement = (over: Partial<Statement>): Statement => ({
  id: '6f1c2a4e-58a2-4f3b-9f2c-1a0d6b1f9e11',
  actor: bob,
  verb: { id: 'http://adlnet.gov/expapi/verbs/attended' },
  object: { objectType: 'Activity', id: 'https://courses.example/c/1' },
  ...over,
});

describe('eraseAgentFrom', () => {
  it('replaces the instructor, team member, context agents and object Agent, and keeps everyone else', () => {
    const input = statement({
      object: { ...ana, objectType: 'Agent' },
      context: {
        instructor: ana,
        team: { objectType: 'Group', name: 'Team', member: [ana, bob] },
        contextAgents: [{ objectType: 'contextAgent', agent: ana }],
      },
    });
    const { statement: out, changed } = eraseAgentFrom(input, anaHashes, account);
    expect(changed).toBe(true);
    const json = JSON.stringify(out);
    expect(json).not.toContain('ana@example.org');
    expect(json).not.toContain('Ana Erased');
    expect(out.actor).toEqual(bob);
    expect(out.object).toEqual({ objectType: 'Agent', account });
    expect(out.context?.instructor).toEqual({ objectType: 'Agent', account });
    expect(out.context?.team?.member).toEqual([{ objectType: 'Agent', account }, bob]);
    // The input is left as it was.
    expect(JSON.stringify(input)).toContain('ana@example.org');
  });

  it('keeps the statement valid and indexes the stand-in instead of the person', () => {
    const input = statement({ context: { instructor: ana } });
    const { statement: out } = eraseAgentFrom(input, anaHashes, account);
    expect(validateStatement(out, '2.0.0')).toEqual([]);
    const hashes = indexTermsOf(out).agents.map((a) => a.ifiHash);
    expect(hashes).not.toContain([...anaHashes][0]);
    expect(hashes).toContain(ifiHash(`account:${account.homePage}|${account.name}`));
  });

  it('reaches a SubStatement and an actor Group member, and reports no change when the person is absent', () => {
    const input = statement({
      actor: { objectType: 'Group', member: [bob, ana] },
      object: {
        objectType: 'SubStatement',
        actor: ana,
        verb: { id: 'http://adlnet.gov/expapi/verbs/attended' },
        object: { objectType: 'Activity', id: 'https://courses.example/c/2' },
      },
    });
    const { statement: out } = eraseAgentFrom(input, anaHashes, account);
    expect(JSON.stringify(out)).not.toContain('ana@');
    expect(eraseAgentFrom(statement({}), anaHashes, account).changed).toBe(false);
  });
});
