// xAPI 1.0.3 Communication §2.1.3 and IEEE 9274.1.1 §4.1.6.1 — GET /statements parameters.

import { describe, expect, it } from 'vitest';

import { ifiHash } from './ifi.js';
import { STATEMENT_QUERY_PARAMS, XapiQueryError, parseStatementQuery } from './query-params.js';

const ID = 'e05aa883-acaf-40ad-bf54-02c8ce485fb0';
const agent = JSON.stringify({ objectType: 'Agent', mbox: 'mailto:Ann@EXAMPLE.com' });

function errorOf(params: Record<string, string | string[] | undefined>): XapiQueryError {
  try {
    parseStatementQuery(params, '1.0.3');
  } catch (error) {
    if (error instanceof XapiQueryError) return error;
    throw error;
  }
  throw new Error('expected XapiQueryError');
}

describe('parseStatementQuery', () => {
  it('applies the defaults', () => {
    expect(parseStatementQuery({}, '1.0.3')).toEqual({
      relatedActivities: false,
      relatedAgents: false,
      limit: 0,
      format: 'exact',
      attachments: false,
      ascending: false,
    });
  });

  it('parses every filter', () => {
    const query = parseStatementQuery(
      {
        agent,
        verb: 'http://adlnet.gov/expapi/verbs/attended',
        activity: 'https://example.com/activity',
        registration: ID.toUpperCase(),
        related_activities: 'true',
        related_agents: 'true',
        since: '2024-05-01T10:00:00+02:00',
        until: ['2024-05-02T00:00:00.123456Z'],
        limit: '25',
        format: 'ids',
        attachments: 'true',
        ascending: 'false',
        unused: undefined,
      },
      '2.0.0',
    );
    expect(query).toEqual({
      agentIfiHash: ifiHash('mbox:mailto:Ann@example.com'),
      verb: 'http://adlnet.gov/expapi/verbs/attended',
      activity: 'https://example.com/activity',
      registration: ID,
      relatedActivities: true,
      relatedAgents: true,
      since: '2024-05-01T08:00:00.000Z',
      until: '2024-05-02T00:00:00.123456Z',
      limit: 25,
      format: 'ids',
      attachments: true,
      ascending: false,
    });
    expect(JSON.stringify(query)).not.toContain('mailto');
  });

  it('accepts statementId with format and attachments, lowercasing the id', () => {
    expect(
      parseStatementQuery(
        { statementId: ID.toUpperCase(), format: 'canonical', attachments: 'false' },
        '1.0.3',
      ),
    ).toMatchObject({
      statementId: ID,
      format: 'canonical',
      attachments: false,
    });
    expect(parseStatementQuery({ voidedStatementId: ID }, '1.0.3')).toMatchObject({ voidedStatementId: ID });
  });

  it('accepts an identified Group as agent', () => {
    const group = JSON.stringify({
      objectType: 'Group',
      account: { homePage: 'https://lms.example.com', name: 'g1' },
    });
    expect(parseStatementQuery({ agent: group }, '1.0.3').agentIfiHash).toBe(
      ifiHash('account:https://lms.example.com|g1'),
    );
  });

  // prettier-ignore
  const rejected: [string, Record<string, string | string[]>, string, RegExp][] = [
    ['unknown parameters', { actor: agent }, 'actor', /unknown parameter "actor"/],
    ['parameter names are case-sensitive', { StatementId: ID }, 'StatementId', /unknown parameter/],
    ['repeated parameters', { verb: ['http://a.example.com/v', 'http://b.example.com/v'] }, 'verb', /given 2 times/],
    ['agent that is not JSON', { agent: 'mailto:ann@example.com' }, 'agent', /JSON-encoded Agent/],
    ['agent without an IFI', { agent: '{"name":"Ann"}' }, 'agent', /exactly one inverse functional identifier/],
    ['agent with an invalid mbox', { agent: '{"mbox":"ann@example.com"}' }, 'agent.mbox', /mailto IRI/],
    ['an anonymous Group agent', { agent: '{"objectType":"Group","member":[{"mbox":"mailto:a@example.com"}]}' }, 'agent', /anonymous Group cannot be matched/],
    ['verb that is not an IRI', { verb: 'attended' }, 'verb', /absolute IRI/],
    ['activity that is not an IRI', { activity: '' }, 'activity', /absolute IRI/],
    ['registration that is not a UUID', { registration: 'abc' }, 'registration', /UUID/],
    ['statementId that is not a UUID', { statementId: 'abc' }, 'statementId', /UUID/],
    ['since that is not a timestamp', { since: 'yesterday' }, 'since', /ISO 8601/],
    ['until with a negative zero offset', { until: '2024-05-01T00:00:00-00:00' }, 'until', /ISO 8601/],
    ['negative limit', { limit: '-1' }, 'limit', /non-negative integer/],
    ['fractional limit', { limit: '2.5' }, 'limit', /non-negative integer/],
    ['unknown format', { format: 'full' }, 'format', /one of ids, exact, canonical/],
    ['format in another case', { format: 'IDS' }, 'format', /one of ids, exact, canonical/],
    ['booleans other than true/false', { ascending: '1' }, 'ascending', /true or false/],
    ['capitalised booleans', { related_agents: 'True' }, 'related_agents', /true or false/],
    ['statementId with voidedStatementId', { statementId: ID, voidedStatementId: ID }, 'statementId', /cannot be used together/],
    ['statementId with a filter', { statementId: ID, agent, limit: '1' }, 'statementId', /only be combined with attachments and format; remove agent, limit/],
    ['voidedStatementId with a filter', { voidedStatementId: ID, ascending: 'true' }, 'voidedStatementId', /remove ascending/],
  ];

  it.each(rejected)('rejects %s', (_name, params, path, message) => {
    const error = errorOf(params);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
    expect(error.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every problem in one error', () => {
    const error = errorOf({ limit: 'x', format: 'y', foo: 'z' });
    expect(error.errors.map((e) => e.path)).toEqual(['foo', 'limit', 'format']);
  });

  it('exports the accepted parameter names', () => {
    expect(STATEMENT_QUERY_PARAMS).toContain('related_agents');
    expect(STATEMENT_QUERY_PARAMS).toHaveLength(14);
  });
});
