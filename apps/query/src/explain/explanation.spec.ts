import { type StatementReadSource } from '@custos/authz';
import type { PolicyViewV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { explainSourcesOf, explanationOf } from './explanation.js';

type Evaluated = Parameters<typeof explanationOf>[0]['evaluated'];

const tenant = { field: 'tenantId', op: 'eq', value: 't' } as const;
const ids = {
  consent: '00000000-0000-4000-8000-000000000001',
  interest: '00000000-0000-4000-8000-000000000002',
  legal: '00000000-0000-4000-8000-000000000003',
  grant: '00000000-0000-4000-8000-00000000000a',
  objection: '00000000-0000-4000-8000-00000000000b',
};

const view = (id: string, lawfulBasis: PolicyViewV1['lawfulBasis'], redactFields: string[] = []) =>
  ({
    id,
    version: 2,
    tenantId: 't',
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'tutoring', text: 'Tutoring' },
    lawfulBasis,
    scope: {},
    redactFields,
    onWriteWithoutBasis: 'reject',
    holdDays: 30,
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'admin',
    supersededAt: null,
  }) satisfies PolicyViewV1;

const policies = [
  view(ids.consent, 'consent', ['result.score']),
  view(ids.interest, 'legitimate-interest'),
  view(ids.legal, 'legal-obligation', ['result.score', 'result.response']),
];

const sources: StatementReadSource[] = [
  { source: { kind: 'scope', scope: 'statements/read/mine' }, filter: tenant },
  ...policies.map((p) => ({
    source: {
      kind: 'policy' as const,
      policyId: p.id,
      version: p.version,
      lawfulBasis: p.lawfulBasis,
      redactFields: p.redactFields,
    },
    filter: tenant,
    scopeFilter: tenant,
  })),
];

const principal = { kind: 'credential' as const, id: 'c', active: true };

describe('explain sources sent to storage', () => {
  it('asks for the grants of consent policies and the objections of objectable ones only', () => {
    expect(explainSourcesOf(sources)).toEqual([
      { filter: tenant },
      { filter: tenant, scopeFilter: tenant, grantsOfPolicy: ids.consent },
      { filter: tenant, scopeFilter: tenant, objectionsOfPolicy: ids.interest },
      { filter: tenant, scopeFilter: tenant },
    ]);
  });
});

describe('explanation', () => {
  it('names every allowing rule, with the grants, and redacts what all of them redact', () => {
    const answer = explanationOf({
      statementId: 's',
      principal,
      sources,
      policies,
      view: 'full',
      evaluated: {
        voided: false,
        sources: [
          { allowed: false },
          { allowed: true, inScope: true, grantIds: [ids.grant] },
          { allowed: false, inScope: false, objectionIds: [] },
          { allowed: true, inScope: true },
        ],
      },
    });
    expect(answer).toEqual({
      statementId: 's',
      view: 'full',
      principal,
      decision: 'allowed',
      voided: false,
      allowedBy: [
        {
          kind: 'policy',
          policyId: ids.consent,
          version: 2,
          purpose: { code: 'tutoring', text: 'Tutoring' },
          lawfulBasis: 'consent',
          redactFields: ['result.score'],
          grantIds: [ids.grant],
        },
        {
          kind: 'policy',
          policyId: ids.legal,
          version: 2,
          purpose: { code: 'tutoring', text: 'Tutoring' },
          lawfulBasis: 'legal-obligation',
          redactFields: ['result.score', 'result.response'],
        },
      ],
      notAllowedBy: [
        {
          policyId: ids.interest,
          version: 2,
          purpose: { code: 'tutoring', text: 'Tutoring' },
          lawfulBasis: 'legitimate-interest',
          reason: 'out-of-scope',
        },
      ],
      redactedFields: ['result.score'],
    });
  });

  it('says why each policy in scope does not allow: no active grant, or objected (with the objection)', () => {
    const answer = explanationOf({
      statementId: 's',
      principal,
      sources,
      policies,
      view: 'full',
      evaluated: {
        voided: true,
        sources: [
          { allowed: false },
          { allowed: false, inScope: true, grantIds: [] },
          { allowed: false, inScope: true, objectionIds: [ids.objection] },
          { allowed: false, inScope: false },
        ],
      },
    });
    expect(answer).toMatchObject({ decision: 'denied', voided: true, allowedBy: [], redactedFields: [] });
    expect(answer.notAllowedBy.map((n) => [n.policyId, n.reason, n.objectionIds])).toEqual([
      [ids.consent, 'no-active-grant', undefined],
      [ids.interest, 'objected', [ids.objection]],
      [ids.legal, 'out-of-scope', undefined],
    ]);
  });

  it('reads the statement whole when a scope or self access allows it, whatever the policies redact', () => {
    const answer = explanationOf({
      statementId: 's',
      principal,
      sources,
      policies,
      view: 'full',
      evaluated: {
        voided: false,
        sources: [
          { allowed: true },
          { allowed: true, inScope: true, grantIds: [ids.grant] },
          { allowed: true, inScope: true, objectionIds: [] },
          { allowed: true, inScope: true },
        ],
      },
    });
    expect(answer.allowedBy[0]).toEqual({ kind: 'scope', scope: 'statements/read/mine' });
    expect(answer.notAllowedBy).toEqual([]);
    expect(answer.redactedFields).toEqual([]);
  });

  describe('to a learner (data-subject view)', () => {
    const ask = (otherSubjects: boolean | undefined, results: Evaluated['sources']) =>
      explanationOf({
        statementId: 's',
        principal,
        sources,
        policies,
        view: 'data-subject',
        evaluated: { voided: false, ...(otherSubjects !== undefined && { otherSubjects }), sources: results },
      });
    const ref = (policyId: string, lawfulBasis: string) => ({
      policyId,
      version: 2,
      purpose: { code: 'tutoring', text: 'Tutoring' },
      lawfulBasis,
    });

    it('withholds the outcome of a policy another data subject could have decided, and says the decision', () => {
      // Another data subject granted the consent policy: allowed, but the learner holds no covering grant.
      const answer = ask(true, [
        { allowed: false },
        { allowed: true, inScope: true, grantIds: [] },
        { allowed: false, inScope: true, objectionIds: [] },
        { allowed: true, inScope: true },
      ]);
      expect(answer).toMatchObject({ view: 'data-subject', decision: 'allowed' });
      expect(answer.allowedBy).toEqual([expect.objectContaining({ policyId: ids.legal })]);
      expect(answer.notAllowedBy).toEqual([]);
      expect(answer.withheld).toEqual([
        ref(ids.consent, 'consent'),
        ref(ids.interest, 'legitimate-interest'),
      ]);
      // Only what the rules it was told about redact.
      expect(answer.redactedFields.toSorted()).toEqual(['result.response', 'result.score']);
      expect(JSON.stringify(answer)).not.toContain('grantIds');
    });

    it('answers the same whether or not another data subject granted or objected', () => {
      const granted = ask(true, [
        { allowed: false },
        { allowed: true, inScope: true, grantIds: [] },
        { allowed: false, inScope: true, objectionIds: [] },
        { allowed: false, inScope: false },
      ]);
      const notGranted = ask(true, [
        { allowed: false },
        { allowed: false, inScope: true, grantIds: [] },
        { allowed: true, inScope: true, objectionIds: [] },
        { allowed: false, inScope: false },
      ]);
      expect(granted).toEqual(notGranted);
    });

    it("tells the learner's own grant and objection, and everything when nobody else is concerned", () => {
      const own = ask(true, [
        { allowed: false },
        { allowed: true, inScope: true, grantIds: [ids.grant] },
        { allowed: false, inScope: true, objectionIds: [ids.objection] },
        { allowed: false, inScope: false },
      ]);
      expect(own.allowedBy).toEqual([
        expect.objectContaining({ policyId: ids.consent, grantIds: [ids.grant] }),
      ]);
      expect(own.notAllowedBy.map((n) => [n.policyId, n.reason, n.objectionIds])).toEqual([
        [ids.interest, 'objected', [ids.objection]],
        [ids.legal, 'out-of-scope', undefined],
      ]);
      expect(own.withheld).toEqual([]);
      const alone = ask(false, [
        { allowed: false },
        { allowed: false, inScope: true, grantIds: [] },
        { allowed: true, inScope: true, objectionIds: [] },
        { allowed: true, inScope: true },
      ]);
      expect(alone.withheld).toEqual([]);
      expect(alone.notAllowedBy).toEqual([
        expect.objectContaining({ policyId: ids.consent, reason: 'no-active-grant' }),
      ]);
      // Not told whether anyone else is concerned: withheld (fail closed).
      const unknown = ask(undefined, [
        { allowed: false },
        { allowed: false, inScope: true, grantIds: [] },
        { allowed: true, inScope: true, objectionIds: [] },
        { allowed: true, inScope: true },
      ]);
      expect(unknown.withheld?.map((w) => w.policyId)).toEqual([ids.consent, ids.interest]);
    });
  });
});
