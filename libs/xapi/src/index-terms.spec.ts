// xAPI 1.0.3 Communication §2.1.3 (statement filters) and IEEE 9274.1.1 §4.1.6.1 — index terms.

import { describe, expect, it } from 'vitest';

import { ifiHash, ifiOf } from './ifi.js';
import { indexTermsOf } from './index-terms.js';
import { minimalStatement, richStatement200, subStatementStatement } from './testing/fixtures.js';
import type { Actor, Statement } from './types.js';

const hash = (actor: Actor) => ifiHash(ifiOf(actor)!);
const mbox = (address: string) => hash({ mbox: `mailto:${address}` });

describe('indexTermsOf', () => {
  it('indexes the rich 2.0 statement', () => {
    const terms = indexTermsOf(richStatement200());
    expect(terms.verbIri).toBe('http://adlnet.gov/expapi/verbs/answered');
    expect(terms.objectActivityId).toBe('https://example.com/quiz/1/question/3');
    expect(terms.registration).toBe('ec531277-b57b-4c15-8d91-d292c5b2b8f7');
    expect(terms.voidsStatementId).toBeNull();
    expect(terms.targetStatementId).toBeNull();

    expect(terms.agents).toEqual(
      expect.arrayContaining([
        // the identified Group actor and its members are direct
        {
          ifiHash: hash({ account: { homePage: 'https://lms.example.com', name: 'team-17' } }),
          direct: true,
          subject: true,
        },
        { ifiHash: mbox('ann@example.com'), direct: true, subject: true },
        {
          ifiHash: hash({ mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e364975' }),
          direct: true,
          subject: true,
        },
        { ifiHash: hash({ openid: 'https://openid.example.org/bob' }), direct: true, subject: true },
        // related: authority members, instructor, team, contextAgents, contextGroups and their members
        {
          ifiHash: hash({
            account: { homePage: 'https://lrs.example.com/OAuth/token', name: 'consumer-key' },
          }),
          direct: false,
          subject: false,
        },
        {
          ifiHash: hash({ account: { homePage: 'https://lms.example.com', name: 'prof-1' } }),
          direct: false,
          subject: false,
        },
        { ifiHash: mbox('team@example.com'), direct: false, subject: false },
        { ifiHash: mbox('coach@example.com'), direct: false, subject: false },
        { ifiHash: mbox('observer@example.com'), direct: false, subject: false },
        { ifiHash: mbox('team-b@example.com'), direct: false, subject: false },
        { ifiHash: mbox('carl@example.com'), direct: false, subject: false },
      ]),
    );
    // ann is both an actor member and an authority member: listed once, as direct
    expect(terms.agents.filter((a) => a.ifiHash === mbox('ann@example.com'))).toEqual([
      { ifiHash: mbox('ann@example.com'), direct: true, subject: true },
    ]);
    expect(terms.agents).toHaveLength(11);

    expect(terms.activities).toEqual([
      { iri: 'https://example.com/quiz/1/question/3', direct: true },
      { iri: 'https://example.com/quiz/1', direct: false },
      { iri: 'https://example.com/course/algebra', direct: false },
      { iri: 'https://w3id.org/xapi/cmi5/context/categories/cmi5', direct: false },
      { iri: 'https://example.com/textbook', direct: false },
    ]);
  });

  it('treats everything inside a SubStatement as related', () => {
    const terms = indexTermsOf(subStatementStatement());
    expect(terms.objectActivityId).toBeNull();
    expect(terms.agents).toEqual([
      { ifiHash: mbox('ann@example.com'), direct: true, subject: true },
      { ifiHash: mbox('bob@example.com'), direct: false, subject: false },
      { ifiHash: mbox('prof@example.com'), direct: false, subject: false },
    ]);
    expect(terms.activities).toEqual([
      { iri: 'https://example.com/website', direct: false },
      { iri: 'https://example.com/course', direct: false },
    ]);
    // The SubStatement's context is not the statement's: no context activity for policy scopes.
    expect(terms.contextActivities).toEqual([]);
  });

  it('lists the statement’s own context activities with their kind, a single Activity included, once each', () => {
    expect(indexTermsOf(richStatement200()).contextActivities).toEqual([
      { kind: 'parent', iri: 'https://example.com/quiz/1' },
      { kind: 'grouping', iri: 'https://example.com/course/algebra' },
      { kind: 'category', iri: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' },
      { kind: 'other', iri: 'https://example.com/textbook' },
    ]);
    const statement: Statement = {
      ...minimalStatement(),
      context: {
        contextActivities: {
          parent: [{ id: 'https://x/c' }, { id: 'https://x/c' }],
          grouping: [{ id: 'https://x/c' }],
        },
      },
    };
    expect(indexTermsOf(statement).contextActivities).toEqual([
      { kind: 'parent', iri: 'https://x/c' },
      { kind: 'grouping', iri: 'https://x/c' },
    ]);
    expect(indexTermsOf(minimalStatement()).contextActivities).toEqual([]);
  });

  it('indexes an Agent object as direct', () => {
    const statement: Statement = {
      ...minimalStatement(),
      object: { objectType: 'Agent', mbox: 'mailto:bob@example.com' },
    };
    expect(indexTermsOf(statement).agents).toContainEqual({
      ifiHash: mbox('bob@example.com'),
      direct: true,
      subject: false,
    });
    expect(indexTermsOf(statement).activities).toEqual([]);
  });

  // DESIGN "Access model": the data subjects are the actor and the members of an actor Group.
  it('marks the actor as the data subject, not the object agent, authority or context agents', () => {
    const statement: Statement = {
      ...minimalStatement(),
      actor: { mbox: 'mailto:ann@example.com' },
      object: { objectType: 'Agent', mbox: 'mailto:bob@example.com' },
      authority: { mbox: 'mailto:lrs@example.com' },
      context: { instructor: { mbox: 'mailto:prof@example.com' } },
    };
    expect(indexTermsOf(statement).agents).toEqual([
      { ifiHash: mbox('ann@example.com'), direct: true, subject: true },
      { ifiHash: mbox('bob@example.com'), direct: true, subject: false },
      { ifiHash: mbox('lrs@example.com'), direct: false, subject: false },
      { ifiHash: mbox('prof@example.com'), direct: false, subject: false },
    ]);
  });

  it('marks the members of an anonymous actor Group as data subjects', () => {
    const statement: Statement = {
      ...minimalStatement(),
      actor: {
        objectType: 'Group',
        member: [
          { mbox: 'mailto:ann@example.com' },
          { mbox_sha1sum: 'CD9B00A5611F94EAA7B1661EDAB976068E364975' },
        ],
      },
      object: {
        objectType: 'Group',
        member: [{ mbox: 'mailto:bob@example.com' }, { mbox: 'mailto:ann@example.com' }],
      },
    };
    expect(indexTermsOf(statement).agents).toEqual([
      { ifiHash: mbox('ann@example.com'), direct: true, subject: true },
      {
        ifiHash: hash({ mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e364975' }),
        direct: true,
        subject: true,
      },
      { ifiHash: mbox('bob@example.com'), direct: true, subject: false },
    ]);
  });

  it('makes an agent that is only inside a SubStatement no data subject', () => {
    const terms = indexTermsOf(subStatementStatement());
    expect(terms.agents.filter((a) => a.subject).map((a) => a.ifiHash)).toEqual([mbox('ann@example.com')]);
  });

  it('records the voided statement of a voiding statement, lowercased', () => {
    const voiding: Statement = {
      actor: { mbox: 'mailto:admin@example.com' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: 'E05AA883-ACAF-40AD-BF54-02C8CE485FB0' },
    };
    const terms = indexTermsOf(voiding);
    expect(terms.voidsStatementId).toBe('e05aa883-acaf-40ad-bf54-02c8ce485fb0');
    expect(terms.targetStatementId).toBe('e05aa883-acaf-40ad-bf54-02c8ce485fb0');
  });

  it('does not treat other StatementRef statements as voiding', () => {
    const comment: Statement = {
      actor: { mbox: 'mailto:admin@example.com' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/commented' },
      object: { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' },
    };
    expect(indexTermsOf(comment).voidsStatementId).toBeNull();
    expect(indexTermsOf(comment).targetStatementId).toBe('e05aa883-acaf-40ad-bf54-02c8ce485fb0');
  });
});
