// DESIGN "Access model", fields to redact — differential test: the redaction storage applies (the plan's filters
// evaluated per row as SQL would, then `redactedFieldsOf`) equals CASL's own answer for the same rules
// (`permittedFieldsOf`, a part being visible when some matching rule permits it).
import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import { REDACTABLE_STATEMENT_FIELDS } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { abilityFromRules, rulesFor } from './ability.factory.js';
import type { InstitutionPolicy } from './policies/institution.policy.js';
import {
  STATEMENT_READ_FIELDS,
  permittedStatementFields,
  redactedFieldsOf,
  statementRedactionPlan,
} from './redaction.js';
import { evaluateFilter } from './test/evaluate-filter.js';

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ['v:a', 'v:b', 'v:c'];
const PREFIXES = ['https://x.org/a/', 'https://x.org/b/'];
const HASHES = ['h1', 'h2'];

describe('statement redaction plan', () => {
  it('matches CASL permittedFieldsOf for random policies, self access and statements', () => {
    const random = prng(20261127);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const some = <T>(xs: readonly T[]): T[] => xs.filter(() => random() < 0.4);
    let compared = 0;
    for (let round = 0; round < 200; round++) {
      const policies: InstitutionPolicy[] = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => ({
        id: `p${i}`,
        version: 1,
        tenantId: 't',
        lawfulBasis: pick(['legal-obligation', 'legitimate-interest'] as const),
        scope: {
          ...(random() < 0.5 && { verbs: some(VERBS) }),
          ...(random() < 0.5 && { activityPrefixes: some(PREFIXES) }),
        },
        redactFields: random() < 0.2 ? [] : some(REDACTABLE_STATEMENT_FIELDS),
      }));
      const learner = random() < 0.5;
      const rules = rulesFor(
        {
          kind: 'person',
          tenantId: 't',
          personId: 'me',
          roles: learner ? ['learner'] : ['consumer'],
          groupIds: [],
          agentIfiHashes: ['h1'],
        },
        { policies },
      );
      // The rules cross the wire as JSON and are checked there, as in production.
      const ability = abilityFromRules(JSON.parse(JSON.stringify(rules)));
      const plan = statementRedactionPlan(ability.rules);
      for (let n = 0; n < 20; n++) {
        const row = {
          tenantId: pick(['t', 'other']),
          verbIri: pick(VERBS),
          objectActivityId: `${pick(PREFIXES)}${n}`,
          subjectIfiHashes: some(HASHES),
          objectedPolicyIds: some(policies.map((p) => p.id)),
          grantedPolicyIds: [] as string[],
          authorityCredentialId: 'c',
          registration: null,
          stored: '2026-01-01T00:00:00.000Z',
        };
        const statement = subject('Statement', { ...row });
        if (!ability.can('read', statement)) continue;
        compared++;
        const permitted = new Set(
          permittedFieldsOf(ability, 'read', statement, {
            fieldsFrom: (rule) => rule.fields ?? [...STATEMENT_READ_FIELDS],
          }),
        );
        const expected = REDACTABLE_STATEMENT_FIELDS.filter((f) => !permitted.has(f));
        const actual =
          plan === undefined
            ? []
            : redactedFieldsOf(plan, {
                whole: plan.whole !== null && evaluateFilter(plan.whole, row) === true,
                partial: plan.partial.map((p) => evaluateFilter(p.filter, row) === true),
              });
        expect([...actual].sort(), JSON.stringify({ policies, learner, row })).toEqual([...expected].sort());
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('a policy without redactions makes a whole-record rule; one with redactions lists what stays visible', () => {
    expect(permittedStatementFields([])).toBeUndefined();
    const fields = permittedStatementFields(['result.response']);
    expect(fields).toContain('id');
    expect(fields).toContain('result.score');
    expect(fields).not.toContain('result.response');
  });

  it('field rules are accepted only as can read Statement with known fields', () => {
    const base = { action: 'read', subject: 'Statement', conditions: { tenantId: 't' } };
    expect(() => abilityFromRules([{ ...base, fields: ['id', 'result.score'] }])).not.toThrow();
    expect(() => abilityFromRules([{ ...base, fields: ['actor'] }])).toThrow(/fields/);
    expect(() => abilityFromRules([{ ...base, fields: [] }])).toThrow(/fields/);
    expect(() => abilityFromRules([{ ...base, subject: 'Document', fields: ['id'] }])).toThrow(/fields/);
    expect(() => abilityFromRules([{ ...base, action: 'manage', fields: ['id'] }])).toThrow(/fields/);
  });

  it('a statement matching no plan filter loses every redactable part (fail closed)', () => {
    const plan = { whole: null, partial: [] };
    expect(redactedFieldsOf(plan, { whole: false, partial: [] })).toEqual([...REDACTABLE_STATEMENT_FIELDS]);
  });
});
