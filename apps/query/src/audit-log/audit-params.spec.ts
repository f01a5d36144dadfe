import { ifiHash } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { encodeAuditCursor, parseAuditParams } from './audit-params.js';

describe('parseAuditParams', () => {
  it('reads every filter of the listing, keeping only the learner identifier’s hash for the record', () => {
    const learner = JSON.stringify({ mbox: 'mailto:ana@example.org' });
    const parsed = parseAuditParams('records', {
      since: '2026-01-01T00:00:00Z',
      until: '2026-02-01T00:00:00+01:00',
      principal: 'c1',
      learner,
      action: 'statements.read',
      outcome: 'deny',
      policy: 'p1',
      grant: 'g1',
      order: 'asc',
      limit: '20',
    });
    const hash = ifiHash('mbox:mailto:ana@example.org');
    expect(parsed).toEqual({
      filter: {
        since: '2026-01-01T00:00:00Z',
        until: '2026-02-01T00:00:00+01:00',
        principalId: 'c1',
        learnerIfiHashes: [hash],
        action: 'statements.read',
        decision: 'deny',
        policyId: 'p1',
        grantId: 'g1',
      },
      order: 'asc',
      limit: 20,
      recorded: {
        since: '2026-01-01T00:00:00Z',
        until: '2026-02-01T00:00:00+01:00',
        principal: 'c1',
        learnerIfiHash: hash,
        action: 'statements.read',
        outcome: 'deny',
        policy: 'p1',
        grant: 'g1',
        order: 'asc',
        limit: 20,
      },
    });
    expect(JSON.stringify(parsed.recorded)).not.toContain('ana@example.org');
  });

  it('defaults to the newest 100 records', () => {
    expect(parseAuditParams('records', {})).toMatchObject({ filter: {}, order: 'desc', limit: 100 });
  });

  it('takes a person by id, for consent to resolve', () => {
    const parsed = parseAuditParams('records', { person: 'C0FFEE00-0000-4000-8000-000000000001' });
    expect(parsed.personId).toBe('c0ffee00-0000-4000-8000-000000000001');
    expect(parsed.filter.learnerIfiHashes).toBeUndefined();
  });

  it('continues where a cursor of the same order left off', () => {
    expect(parseAuditParams('records', { cursor: encodeAuditCursor('desc', '41') }).position).toBe('41');
    expect(() =>
      parseAuditParams('records', { order: 'asc', cursor: encodeAuditCursor('desc', '41') }),
    ).toThrow(/other order/);
  });

  it.each([
    ['records', { since: 'yesterday' }, /since/],
    ['records', { until: '2026-01-01' }, /until/],
    ['records', { outcome: 'maybe' }, /outcome/],
    ['records', { learner: '{"name":"no identifier"}' }, /learner/],
    ['records', { learner: 'not json' }, /learner/],
    ['records', { person: 'not-a-uuid' }, /person/],
    [
      'records',
      { learner: '{"mbox":"mailto:a@b.c"}', person: 'c0ffee00-0000-4000-8000-000000000001' },
      /not both/,
    ],
    ['records', { limit: '0' }, /limit/],
    ['records', { limit: '1001' }, /limit/],
    ['records', { limit: '1.5' }, /limit/],
    ['records', { order: 'random' }, /order/],
    ['records', { cursor: 'garbage' }, /cursor/],
    ['records', { principal: '' }, /principal/],
    ['records', { agent: '{}' }, /unknown parameter agent/],
    ['stats', { principal: 'c1' }, /unknown parameter principal/],
    ['export', { limit: '10' }, /unknown parameter limit/],
    ['accessLog', { learner: '{"mbox":"mailto:a@b.c"}' }, /unknown parameter learner/],
  ] as const)('answers %s %j with a 400 naming it', (route, params, message) => {
    expect(() => parseAuditParams(route, params)).toThrow(message);
  });
});
