import type { AccessFilter } from '@custos/authz';
import { describe, expect, it } from 'vitest';

import { auditWhere, pseudonymised } from './audit-log-selection.js';

const keyOf = (hash: string) => `key(${hash})`;
const TENANT: AccessFilter = { field: 'tenantId', op: 'eq', value: 't1' };

describe('pseudonymised', () => {
  it('turns every learner hash of a rule into its key, and leaves other conditions alone', () => {
    const filter: AccessFilter = {
      and: [
        TENANT,
        { field: 'learnerIfiHashes', op: 'in', value: ['h1', 'h2'] },
        { not: { field: 'learnerIfiHashes', op: 'eq', value: 'h3' } },
      ],
    };
    expect(pseudonymised(filter, keyOf)).toEqual({
      and: [
        TENANT,
        { field: 'learnerKeys', op: 'in', value: ['key(h1)', 'key(h2)'] },
        { not: { field: 'learnerKeys', op: 'eq', value: 'key(h3)' } },
      ],
    });
  });

  it.each<[string, AccessFilter]>([
    ['a prefix', { field: 'learnerIfiHashes', op: 'prefix', value: 'h' }],
    ['an ordering', { field: 'learnerIfiHashes', op: 'gt', value: 'h' }],
    ['a null', { field: 'learnerIfiHashes', op: 'in', value: [null] }],
    ['keys instead of hashes', { field: 'learnerKeys', op: 'in', value: ['k'] }],
  ])('refuses %s on learners rather than half apply it', (_, filter) => {
    expect(() => pseudonymised(filter, keyOf)).toThrow();
  });
});

describe('auditWhere', () => {
  it('puts the tenant first, then each filter, then the access filter, every value a parameter', () => {
    const where = auditWhere(
      't1',
      { and: [TENANT, { field: 'learnerIfiHashes', op: 'in', value: ['h1'] }] },
      {
        since: '2026-01-01T00:00:00Z',
        until: '2026-02-01T00:00:00Z',
        principalId: 'p1',
        learnerIfiHashes: ['h2', 'h2'],
        action: 'statements.read',
        decision: 'deny',
        policyId: 'pol',
        grantId: 'g',
      },
      keyOf,
      { order: 'desc', position: '42', throughSeq: '99' },
    );
    expect(where.sql).toBe(
      'r.tenant_id = $1 AND r.at > $2::timestamptz AND r.at <= $3::timestamptz AND r.principal_id = $4 AND ' +
        'r.learner_keys && $5::text[] AND r.action = $6 AND r.decision = $7 AND r.basis @> $8::jsonb AND ' +
        'r.basis @> $9::jsonb AND r.seq < $10::bigint AND r.seq <= $11::bigint AND ' +
        '((r.tenant_id = $12 AND EXISTS (SELECT 1 FROM unnest(r.learner_keys) AS lk(k) WHERE lk.k = ANY($13))))',
    );
    expect(where.params).toEqual([
      't1',
      '2026-01-01T00:00:00Z',
      '2026-02-01T00:00:00Z',
      'p1',
      ['key(h2)'],
      'statements.read',
      'deny',
      '[{"policyId":"pol"}]',
      '[{"grantIds":["g"]}]',
      '42',
      '99',
      't1',
      ['key(h1)'],
    ]);
  });

  it('continues after the position in chain order when ascending', () => {
    expect(auditWhere('t1', TENANT, {}, keyOf, { order: 'asc', position: '7' }).sql).toBe(
      'r.tenant_id = $1 AND r.seq > $2::bigint AND (r.tenant_id = $3)',
    );
  });

  it('refuses a malformed access filter', () => {
    expect(() => auditWhere('t1', { field: 'tenantId' }, {}, keyOf)).toThrow(/malformed access filter/);
  });
});
