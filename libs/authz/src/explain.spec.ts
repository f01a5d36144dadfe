// DESIGN "Access model", explain — differential test: a statement is readable exactly when one of the
// principal's read sources (scope, self access, policy) allows it, and each policy source answers for its own
// policy only.
import { describe, expect, it } from 'vitest';

import { abilityWithPolicies } from './ability.factory.js';
import type { AccessPrincipal } from './ability.types.js';
import { accessFilterFor } from './access-filter.js';
import {
  explainViewOf,
  type ReadSource,
  redactedFieldsOfSources,
  statementReadReach,
  statementReadSources,
} from './explain.js';
import type { InstitutionPolicy } from './policies/institution.policy.js';
import { XAPI_SCOPES } from './scopes.js';
import { evaluateFilter } from './test/evaluate-filter.js';

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['v:a', 'v:b'];
const BASES = ['legal-obligation', 'legitimate-interest', 'consent'] as const;
const SCOPES = ['statements/read', 'statements/read/mine', 'statements/write', 'state'];

describe('statement read sources', () => {
  it('their union is the principal access filter, for random principals, policies and statements', () => {
    const random = prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const some = <T>(xs: readonly T[]): T[] => xs.filter(() => random() < 0.4);
    let allowed = 0;
    let inScopeSeen = 0;
    for (let round = 0; round < 200; round++) {
      const principal: AccessPrincipal =
        random() < 0.5
          ? { tenantId: 't', credentialId: 'c', scopes: some(SCOPES) }
          : {
              kind: 'person',
              tenantId: 't',
              personId: 'p',
              roles: [pick(['learner', 'consumer'])],
              groupIds: [],
              agentIfiHashes: ['h1'],
            };
      const policies: InstitutionPolicy[] = some(['p0', 'p1', 'p2']).map((id) => ({
        id,
        version: 1 + Math.floor(random() * 3),
        tenantId: 't',
        lawfulBasis: pick(BASES),
        scope: random() < 0.5 ? { verbs: some(VERBS) } : {},
      }));
      const overall = accessFilterFor(abilityWithPolicies(principal, policies), 'read', 'Statement');
      const sources = statementReadSources(principal, { policies });
      for (let n = 0; n < 20; n++) {
        const row = {
          tenantId: pick(['t', 'u']),
          authorityCredentialId: pick(['c', 'd']),
          verbIri: pick(VERBS),
          subjectIfiHashes: some(['h1', 'h2']),
          objectedPolicyIds: some(['p0', 'p1', 'p2']),
          grantedPolicyIds: some(['p0', 'p1', 'p2']),
        };
        const expected = overall !== null && evaluateFilter(overall, row) === true;
        const matching = sources.filter((s) => evaluateFilter(s.filter, row) === true);
        expect(matching.length > 0, JSON.stringify({ principal, policies, row })).toBe(expected);
        if (expected) allowed++;
        for (const { source, filter, scopeFilter } of sources) {
          if (source.kind !== 'policy') continue;
          // The scope filter is the policy without its basis: granted = in scope and the basis holds.
          const policy = policies.find((p) => p.id === source.policyId)!;
          const inScope = evaluateFilter(scopeFilter!, row) === true;
          const basisHolds =
            policy.lawfulBasis === 'consent'
              ? row.grantedPolicyIds.includes(policy.id)
              : policy.lawfulBasis === 'legitimate-interest'
                ? !row.objectedPolicyIds.includes(policy.id)
                : true;
          expect(evaluateFilter(filter, row) === true).toBe(inScope && basisHolds);
          if (inScope) inScopeSeen++;
        }
        for (const { source } of matching) {
          if (source.kind !== 'policy') continue;
          const policy = policies.find((p) => p.id === source.policyId)!;
          expect(source).toMatchObject({ version: policy.version, lawfulBasis: policy.lawfulBasis });
          if (policy.lawfulBasis === 'consent') expect(row.grantedPolicyIds).toContain(policy.id);
          if (policy.lawfulBasis === 'legitimate-interest') {
            expect(row.objectedPolicyIds).not.toContain(policy.id);
          }
        }
      }
    }
    expect(allowed).toBeGreaterThan(300);
    expect(inScopeSeen).toBeGreaterThan(300);
  });

  it('names the scope, self access and the policy with its version, basis and redactions', () => {
    const policy: InstitutionPolicy = {
      id: 'p',
      version: 3,
      tenantId: 't',
      lawfulBasis: 'contract',
      scope: {},
      redactFields: ['result.response'],
    };
    expect(
      statementReadSources(
        { tenantId: 't', credentialId: 'c', scopes: ['statements/read/mine', 'state'] },
        {
          policies: [policy],
        },
      ).map((s) => s.source),
    ).toEqual([
      { kind: 'scope', scope: 'statements/read/mine' },
      {
        kind: 'policy',
        policyId: 'p',
        version: 3,
        lawfulBasis: 'contract',
        redactFields: ['result.response'],
      },
    ]);
    expect(
      statementReadSources({
        kind: 'person',
        tenantId: 't',
        personId: 'p',
        roles: ['learner'],
        groupIds: [],
        agentIfiHashes: ['h1'],
      }).map((s) => s.source),
    ).toEqual([{ kind: 'self' }]);
  });

  it('gives every policy source the scope without its basis, and no other source one', () => {
    const policy: InstitutionPolicy = {
      id: 'p',
      version: 1,
      tenantId: 't',
      lawfulBasis: 'consent',
      scope: { verbs: ['v:a'] },
    };
    const [scope, fromPolicy] = statementReadSources(
      { tenantId: 't', credentialId: 'c', scopes: ['statements/read'] },
      { policies: [policy] },
    );
    expect(scope!.scopeFilter).toBeUndefined();
    const row = { tenantId: 't', verbIri: 'v:a', grantedPolicyIds: [] as string[] };
    expect(evaluateFilter(fromPolicy!.filter, row)).toBe(false);
    expect(evaluateFilter(fromPolicy!.scopeFilter!, row)).toBe(true);
    expect(evaluateFilter(fromPolicy!.scopeFilter!, { ...row, verbIri: 'v:b' })).toBe(false);
  });
});

describe('redacted fields of the sources allowing a statement', () => {
  const policy = (redactFields: string[]): ReadSource => ({
    kind: 'policy',
    policyId: 'p',
    version: 1,
    lawfulBasis: 'contract',
    redactFields,
  });

  it('is nothing when nothing allows, or when one source reads the statement whole', () => {
    expect(redactedFieldsOfSources([])).toEqual([]);
    expect(redactedFieldsOfSources([policy(['result.score']), { kind: 'self' }])).toEqual([]);
    expect(
      redactedFieldsOfSources([policy(['result.score']), { kind: 'scope', scope: 'statements/read' }]),
    ).toEqual([]);
    expect(redactedFieldsOfSources([policy(['result.score']), policy([])])).toEqual([]);
  });

  it('is what every allowing policy redacts', () => {
    expect(redactedFieldsOfSources([policy(['result.score', 'result.response'])])).toEqual([
      'result.score',
      'result.response',
    ]);
    expect(
      redactedFieldsOfSources([
        policy(['result.score', 'result.response']),
        policy(['result.response', 'attachments']),
      ]),
    ).toEqual(['result.response']);
  });
});

describe('statement read reach of a scope', () => {
  it('is all for the read-everything scopes, own writes for statements/read/mine, none otherwise', () => {
    expect(Object.fromEntries(XAPI_SCOPES.map((scope) => [scope, statementReadReach(scope)]))).toEqual({
      'statements/write': 'none',
      'statements/read/mine': 'own-writes',
      'statements/read': 'all',
      state: 'none',
      define: 'none',
      profile: 'none',
      'all/read': 'all',
      all: 'all',
    });
  });
});

describe('the explanation an asker gets', () => {
  const person = (roles: ('learner' | 'admin' | 'consumer' | 'auditor')[]): AccessPrincipal => ({
    kind: 'person',
    tenantId: 't',
    personId: 'p',
    roles,
    groupIds: [],
    agentIfiHashes: ['h1'],
  });
  const credential = (scopes: string[]): AccessPrincipal => ({
    kind: 'credential',
    tenantId: 't',
    credentialId: 'c',
    scopes,
  });
  it('is full for a tenant-wide right (admin, scope all), the data-subject view for a learner', () => {
    expect(explainViewOf(person(['admin']))).toBe('full');
    expect(explainViewOf(person(['learner', 'admin']))).toBe('full');
    expect(explainViewOf(credential(['all']))).toBe('full');
    expect(explainViewOf(person(['learner']))).toBe('data-subject');
    // Anyone else may have nothing explained; were they to, they would get no more than a learner.
    expect(explainViewOf(person(['consumer']))).toBe('data-subject');
    expect(explainViewOf(credential(['statements/read']))).toBe('data-subject');
  });
});
