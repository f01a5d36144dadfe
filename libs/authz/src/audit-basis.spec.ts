import { describe, expect, it } from 'vitest';

import { basisOfReadSource, ownAccessBasis } from './audit-basis.js';

const credential = (scopes: string[]) => ({
  kind: 'credential' as const,
  tenantId: 't1',
  credentialId: 'c1',
  scopes,
});
const person = (roles: string[], agentIfiHashes: string[] = ['h1']) => ({
  kind: 'person' as const,
  tenantId: 't1',
  personId: 'p1',
  roles,
  groupIds: [],
  agentIfiHashes,
});

describe('ownAccessBasis', () => {
  it.each([
    [['statements/read', 'statements/write'], [{ kind: 'scope', scope: 'statements/read' }]],
    [['statements/read/mine'], [{ kind: 'own-writes' }]],
    [['all/read', 'state'], [{ kind: 'scope', scope: 'all/read' }]],
    [['statements/write'], []],
  ])('names the scopes of %j that read statements', (scopes, basis) => {
    expect(ownAccessBasis(credential(scopes), 'read', 'Statement')).toEqual(basis);
  });

  it('names only the scopes that read the document kind asked for', () => {
    const p = credential(['state', 'profile']);
    expect(ownAccessBasis(p, 'read', 'Document', { kind: 'state' })).toEqual([
      { kind: 'scope', scope: 'state' },
    ]);
    expect(ownAccessBasis(p, 'read', 'Document', { kind: 'agentProfile' })).toEqual([
      { kind: 'scope', scope: 'profile' },
    ]);
  });

  it("names a person's self access and roles", () => {
    const p = person(['learner', 'admin']);
    expect(ownAccessBasis(p, 'read', 'Statement')).toEqual([{ kind: 'self' }]);
    expect(ownAccessBasis(p, 'explain', 'Statement')).toEqual([
      { kind: 'self' },
      { kind: 'role', role: 'admin' },
    ]);
    expect(ownAccessBasis(p, 'export', 'Person')).toEqual([{ kind: 'role', role: 'admin' }]);
    expect(ownAccessBasis(person(['learner'], []), 'read', 'Statement')).toEqual([]);
  });
});

describe('basisOfReadSource', () => {
  it('names a policy by id and version', () => {
    expect(
      basisOfReadSource({
        kind: 'policy',
        policyId: 'p',
        version: 3,
        lawfulBasis: 'consent',
        redactFields: [],
      }),
    ).toEqual({ kind: 'policy', policyId: 'p', version: 3 });
  });
});
