import type { AuditRecordV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { accessLogEntryOf } from './access-log.js';

const record = (overrides: Partial<AuditRecordV1> = {}): AuditRecordV1 => ({
  tenantId: 't1',
  seq: '7',
  at: '2026-11-27T10:00:00.000Z',
  principalId: 'c0ffee00-0000-4000-8000-000000000001',
  principalKind: 'person',
  action: 'statements.read',
  resource: 'statements',
  query: { agentIfiHash: 'h' },
  decision: 'allow',
  count: 3,
  reason: null,
  returnedIds: ['s1', 's2', 's3'],
  returnedDigest: 'd',
  basis: [
    { kind: 'policy', policyId: 'p1', version: 2, grantIds: ['mine', 'someone-elses'] },
    { kind: 'scope', scope: 'statements/read' },
  ],
  learnerKeys: ['my-key', 'another-learners-key'],
  requestId: 'r1',
  prevHash: 'a',
  hash: 'b',
  ...overrides,
});

describe('a learner’s access log entry', () => {
  it('says when, who (by name when known), what, how many and under which rule', () => {
    const names = new Map([['c0ffee00-0000-4000-8000-000000000001', 'Carla']]);
    expect(accessLogEntryOf(record(), names, { concernsOnlyThem: true })).toEqual({
      at: '2026-11-27T10:00:00.000Z',
      principal: { id: 'c0ffee00-0000-4000-8000-000000000001', kind: 'person', name: 'Carla' },
      action: 'statements.read',
      resource: 'statements',
      decision: 'allow',
      count: 3,
      basis: [
        { kind: 'policy', policyId: 'p1', version: 2 },
        { kind: 'scope', scope: 'statements/read' },
      ],
    });
  });

  it('shows nothing about other learners: no keys, returned ids, grants, query or request id', () => {
    const shown = JSON.stringify(accessLogEntryOf(record(), new Map()));
    for (const hidden of ['another-learners-key', 'my-key', 's1', 'someone-elses', 'agentIfiHash', 'r1']) {
      expect(shown).not.toContain(hidden);
    }
  });

  it('leaves out the count of a read that also covered other learners', () => {
    const entry = accessLogEntryOf(record({ count: 42 }), new Map());
    expect(entry).not.toHaveProperty('count');
    expect(JSON.stringify(entry)).not.toContain('42');
  });

  it('never identifies another learner: no id, no name, just "another learner"', () => {
    const entry = accessLogEntryOf(record(), new Map(), { callerId: 'c0ffee00-0000-4000-8000-0000000000aa' });
    expect(entry.principal).toEqual({ kind: 'person', name: 'another learner' });
    expect(JSON.stringify(entry)).not.toContain('c0ffee00-0000-4000-8000-000000000001');
  });

  it('shows the learner their own reads as theirs', () => {
    const own = accessLogEntryOf(record(), new Map(), { callerId: 'c0ffee00-0000-4000-8000-000000000001' });
    expect(own.principal).toEqual({ id: 'c0ffee00-0000-4000-8000-000000000001', kind: 'person' });
  });

  it('leaves out what an older record does not hold', () => {
    const old = record({ principalKind: undefined, resource: undefined, basis: undefined });
    expect(accessLogEntryOf(old, new Map(), { concernsOnlyThem: true })).toEqual({
      at: '2026-11-27T10:00:00.000Z',
      principal: { id: 'c0ffee00-0000-4000-8000-000000000001' },
      action: 'statements.read',
      decision: 'allow',
      count: 3,
      basis: [],
    });
  });
});
