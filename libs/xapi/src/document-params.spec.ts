// xAPI 1.0.3 Communication §2.3, §2.6, §2.7 and IEEE 9274.1.1 §4.1.6.2, §4.1.6.5, §4.1.6.6 — Document
// Resource parameters.

import { describe, expect, it } from 'vitest';

import { type DocumentKind, type DocumentMethod, parseDocumentParams } from './document-params.js';
import { ifiHash } from './ifi.js';
import { XapiQueryError } from './query-params.js';

const ACTIVITY = 'https://example.com/activities/unit-3';
const REGISTRATION = 'E05AA883-ACAF-40AD-BF54-02C8CE485FB0';
const agent = JSON.stringify({ objectType: 'Agent', mbox: 'mailto:Ann@EXAMPLE.com' });
const annHash = ifiHash('mbox:mailto:Ann@example.com');

function errorOf(
  kind: DocumentKind,
  method: DocumentMethod,
  params: Record<string, string | string[] | undefined>,
): XapiQueryError {
  try {
    parseDocumentParams(kind, method, params);
  } catch (error) {
    if (error instanceof XapiQueryError) return error;
    throw error;
  }
  throw new Error('expected XapiQueryError');
}

describe('parseDocumentParams', () => {
  it('parses a State document address, the agent only as the hash of its identifier', () => {
    expect(
      parseDocumentParams('state', 'PUT', {
        activityId: ACTIVITY,
        agent,
        registration: REGISTRATION,
        stateId: 'bookmark',
      }),
    ).toEqual({
      activityId: ACTIVITY,
      agentIfiHash: annHash,
      registration: REGISTRATION.toLowerCase(),
      documentId: 'bookmark',
    });
  });

  it('hashes an Agent and an Identified Group with the same identifier alike', () => {
    const group = JSON.stringify({ objectType: 'Group', mbox: 'mailto:Ann@example.com' });
    expect(parseDocumentParams('agentProfile', 'GET', { agent: group }).agentIfiHash).toBe(annHash);
  });

  it.each<[DocumentKind, DocumentMethod, Record<string, string>, string]>([
    ['state', 'PUT', { agent, stateId: 's' }, 'activityId'],
    ['state', 'POST', { activityId: ACTIVITY, stateId: 's' }, 'agent'],
    ['state', 'PUT', { activityId: ACTIVITY, agent }, 'stateId'],
    ['state', 'POST', { activityId: ACTIVITY, agent }, 'stateId'],
    ['state', 'GET', { agent }, 'activityId'],
    ['state', 'DELETE', { activityId: ACTIVITY }, 'agent'],
    ['activityProfile', 'PUT', { profileId: 'p' }, 'activityId'],
    ['activityProfile', 'DELETE', { activityId: ACTIVITY }, 'profileId'],
    ['agentProfile', 'POST', { profileId: 'p' }, 'agent'],
    ['agentProfile', 'DELETE', { agent }, 'profileId'],
  ])('%s %s without %s is refused', (kind, method, params, missing) => {
    expect(errorOf(kind, method, params).errors).toContainEqual({
      path: missing,
      message: expect.stringContaining(`requires the "${missing}" parameter`) as string,
    });
  });

  it('lets GET and State DELETE leave out the id (they act on every document of the context)', () => {
    expect(parseDocumentParams('state', 'DELETE', { activityId: ACTIVITY, agent })).toEqual({
      activityId: ACTIVITY,
      agentIfiHash: annHash,
    });
    expect(parseDocumentParams('activityProfile', 'GET', { activityId: ACTIVITY })).toEqual({
      activityId: ACTIVITY,
    });
  });

  it.each<[DocumentKind, DocumentMethod, Record<string, string>, string]>([
    ['state', 'PUT', { activityId: ACTIVITY, agent, stateId: 's', profileId: 'p' }, 'profileId'],
    ['state', 'PUT', { activityId: ACTIVITY, agent, stateId: 's', since: '2024-01-01T00:00:00Z' }, 'since'],
    ['activityProfile', 'GET', { activityId: ACTIVITY, agent }, 'agent'],
    [
      'activityProfile',
      'PUT',
      { activityId: ACTIVITY, profileId: 'p', registration: REGISTRATION },
      'registration',
    ],
    ['agentProfile', 'GET', { agent, activityId: ACTIVITY }, 'activityId'],
    ['agentProfile', 'GET', { agent, Agent: agent }, 'Agent'],
  ])('%s %s refuses the unknown parameter in %j', (kind, method, params, unknown) => {
    expect(errorOf(kind, method, params).errors).toContainEqual({
      path: unknown,
      message: expect.stringContaining(`unknown parameter "${unknown}"`) as string,
    });
  });

  it('refuses a repeated parameter', () => {
    expect(errorOf('activityProfile', 'GET', { activityId: [ACTIVITY, ACTIVITY] }).message).toMatch(
      /given 2 times/,
    );
  });

  it.each([
    ['an activityId that is not an IRI', { activityId: 'unit-3', agent, stateId: 's' }, 'activityId'],
    [
      'an agent that is not JSON',
      { activityId: ACTIVITY, agent: 'mailto:ann@example.com', stateId: 's' },
      'agent',
    ],
    [
      'an agent without an identifier',
      { activityId: ACTIVITY, agent: JSON.stringify({ name: 'Ann' }), stateId: 's' },
      'agent',
    ],
    [
      'an agent with an invalid mbox',
      { activityId: ACTIVITY, agent: JSON.stringify({ mbox: 'ann@example.com' }), stateId: 's' },
      'agent.mbox',
    ],
    [
      'a registration that is not a UUID',
      { activityId: ACTIVITY, agent, stateId: 's', registration: 'r1' },
      'registration',
    ],
    ['an empty stateId', { activityId: ACTIVITY, agent, stateId: '' }, 'stateId'],
  ])('refuses %s', (_, params, path) => {
    expect(errorOf('state', 'PUT', params).errors.map((e) => e.path)).toContain(path);
  });

  it('reports every problem at once', () => {
    const error = errorOf('state', 'GET', { activityId: 'x', registration: 'y', since: 'z' });
    expect(error.errors.map((e) => e.path).toSorted()).toEqual([
      'activityId',
      'agent',
      'registration',
      'since',
    ]);
  });

  it('normalises since to UTC on the multiple-document GET', () => {
    expect(
      parseDocumentParams('agentProfile', 'GET', { agent, since: '2024-05-01T12:00:00+02:00' }).since,
    ).toBe('2024-05-01T10:00:00.000Z');
  });

  it('validates but ignores since next to an id', () => {
    expect(
      parseDocumentParams('agentProfile', 'GET', { agent, profileId: 'p', since: '2024-05-01T12:00:00Z' }),
    ).toEqual({ agentIfiHash: annHash, documentId: 'p' });
    expect(
      errorOf('agentProfile', 'GET', { agent, profileId: 'p', since: 'yesterday' }).errors[0]!.path,
    ).toBe('since');
  });
});
