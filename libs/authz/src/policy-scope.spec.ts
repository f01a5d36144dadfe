import { describe, expect, it } from 'vitest';

import { evaluateFilter } from './test/evaluate-filter.js';
import { policyScopeFilter } from './policy-scope.js';

const statement = (over: Record<string, unknown> = {}) => ({
  tenantId: 't1',
  authorityCredentialId: 'c1',
  verbIri: 'http://adlnet.gov/expapi/verbs/completed',
  objectActivityId: 'https://courses.example/safety/1',
  registration: null,
  stored: '2026-06-01T00:00:00.000Z',
  subjectIfiHashes: ['h1'],
  ...over,
});

describe('policyScopeFilter', () => {
  const policy = {
    id: 'pol-1',
    version: 1,
    tenantId: 't1',
    lawfulBasis: 'legal-obligation' as const,
    scope: { activityPrefixes: ['https://courses.example/safety/'] },
    redactFields: ['actor'],
  };

  it('covers the statements in the scope of a legal-obligation policy, whoever its grantee is', () => {
    const filter = policyScopeFilter(policy);
    expect(filter).not.toBeNull();
    expect(evaluateFilter(filter!, statement())).toBe(true);
    expect(evaluateFilter(filter!, statement({ objectActivityId: 'https://courses.example/art/1' }))).toBe(
      false,
    );
    expect(evaluateFilter(filter!, statement({ tenantId: 't2' }))).toBe(false);
  });

  it('covers nothing for a scope that matches no statement', () => {
    expect(policyScopeFilter({ ...policy, scope: { contextActivities: { parent: [] } } })).toBeNull();
  });
});
