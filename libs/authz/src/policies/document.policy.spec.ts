import { describe, expect, it } from 'vitest';

import { abilityFromRules, abilityWithoutPolicies, rulesFor } from '../ability.factory.js';
import { accessFilterFor } from '../access-filter.js';
import type { Action, DocumentKind, DocumentSubject } from '../actions.js';
import { bindFilterFields, documentSubject, isFalseFilter } from '../filter-bind.js';
import { XAPI_SCOPES } from '../scopes.js';
import { evaluateFilter } from '../test/evaluate-filter.js';

const me = { tenantId: 'tenant-a', credentialId: 'cred-1' };
const KINDS: readonly DocumentKind[] = ['state', 'activityProfile', 'agentProfile'];

const doc = (kind: DocumentKind, tenantId = me.tenantId): DocumentSubject => ({
  tenantId,
  kind,
  activityId: kind === 'agentProfile' ? null : 'https://example.com/a',
  agentIfiHash: kind === 'activityProfile' ? null : 'a'.repeat(64),
  registration: null,
});

/** The kinds of this tenant's documents on which `action` is allowed. */
const reach = (scopes: readonly string[], action: Action): DocumentKind[] => {
  const ability = abilityWithoutPolicies({ ...me, scopes });
  for (const kind of KINDS) {
    if (ability.can(action, documentSubject(doc(kind, 'tenant-b')))) {
      throw new Error(`${action} crossed the tenant boundary`);
    }
  }
  return KINDS.filter((kind) => ability.can(action, documentSubject(doc(kind))));
};

const ALL = [...KINDS];
const PROFILES: DocumentKind[] = ['activityProfile', 'agentProfile'];

describe('document policy (xAPI 1.0.3 Communication §4.2 scopes)', () => {
  const cases: { scopes: string[]; read: DocumentKind[]; write: DocumentKind[] }[] = [
    { scopes: [], read: [], write: [] },
    { scopes: ['all'], read: ALL, write: ALL },
    { scopes: ['all/read'], read: ALL, write: [] },
    { scopes: ['state'], read: ['state'], write: ['state'] },
    { scopes: ['profile'], read: PROFILES, write: PROFILES },
    { scopes: ['statements/read'], read: [], write: [] },
    { scopes: ['statements/write'], read: [], write: [] },
    { scopes: ['statements/read/mine'], read: [], write: [] },
    { scopes: ['define'], read: [], write: [] },
    { scopes: ['state', 'profile'], read: ALL, write: ALL },
    { scopes: ['all/read', 'state'], read: ALL, write: ['state'] },
  ];

  it('has a case for every scope on its own', () => {
    const single = cases.filter((c) => c.scopes.length === 1).map((c) => c.scopes[0]);
    expect(single.toSorted()).toEqual([...XAPI_SCOPES].toSorted());
  });

  it.each(cases)('$scopes: read $read, write $write', ({ scopes, read, write }) => {
    expect(reach(scopes, 'read')).toEqual(read);
    expect(reach(scopes, 'write')).toEqual(write);
    expect(reach(scopes, 'void')).toEqual([]);
  });

  it.each(XAPI_SCOPES)('conditions every %s document rule on the principal tenant', (scope) => {
    for (const rule of rulesFor({ ...me, scopes: [scope] }).filter((r) => r.subject === 'Document')) {
      expect(rule.inverted).toBeFalsy();
      expect(rule.conditions).toMatchObject({ tenantId: me.tenantId });
    }
  });

  it('survives the trip to another service', () => {
    const rules: unknown = JSON.parse(JSON.stringify(rulesFor({ ...me, scopes: ['profile'] })));
    const ability = abilityFromRules(rules);
    expect(KINDS.filter((kind) => ability.can('write', documentSubject(doc(kind))))).toEqual(PROFILES);
  });
});

describe('the read filter of one kind', () => {
  const filterFor = (scopes: string[], kind: DocumentKind) => {
    const filter = accessFilterFor(abilityWithoutPolicies({ ...me, scopes }), 'read', 'Document');
    return filter && bindFilterFields(filter, { kind });
  };

  it('is null (no rule at all) for a statements-only credential', () => {
    expect(filterFor(['statements/read'], 'state')).toBeNull();
  });

  it.each<[string[], DocumentKind, boolean]>([
    [['state'], 'state', true],
    [['state'], 'agentProfile', false],
    [['state'], 'activityProfile', false],
    [['profile'], 'state', false],
    [['profile'], 'agentProfile', true],
    [['all/read'], 'agentProfile', true],
  ])('%j reading %s: some documents readable = %s', (scopes, kind, readable) => {
    const filter = filterFor(scopes, kind);
    expect(filter).not.toBeNull();
    expect(isFalseFilter(filter!)).toBe(!readable);
  });

  it('keeps the tenant condition once the kind is decided', () => {
    expect(filterFor(['profile'], 'agentProfile')).toEqual({
      field: 'tenantId',
      op: 'eq',
      value: 'tenant-a',
    });
  });

  it('agrees with CASL on every document', () => {
    for (const scopes of [['state'], ['profile'], ['all'], ['state', 'all/read']]) {
      const ability = abilityWithoutPolicies({ ...me, scopes });
      const filter = accessFilterFor(ability, 'read', 'Document')!;
      for (const kind of KINDS) {
        for (const tenantId of [me.tenantId, 'tenant-b']) {
          const row = doc(kind, tenantId);
          const bound = bindFilterFields(filter, { kind });
          expect(evaluateFilter(bound, { ...row })).toBe(ability.can('read', documentSubject(row)));
        }
      }
    }
  });
});
