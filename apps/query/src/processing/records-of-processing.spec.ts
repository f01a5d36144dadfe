// docs/privacy-operations.md "Records of processing": what each processing activity says, from a policy and the
// tenant's retention rules.
import type { PolicyViewV1, RetentionRuleV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { activityOf, recordsOfProcessing, ruleReaches } from './records-of-processing.js';

const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
const policy = (over: Partial<PolicyViewV1> = {}): PolicyViewV1 => ({
  id: '00000000-0000-4000-8000-000000000001',
  version: 2,
  tenantId: 't1',
  grantee: { kind: 'role', id: 'consumer' },
  purpose: { code: 'tutoring', text: 'Tutors follow their students' },
  lawfulBasis: 'consent',
  scope: { verbs: [COMPLETED], activityPrefixes: ['https://lms.example.org/course/a/'] },
  redactFields: ['result.response', 'context.instructor'],
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: 'admin',
  supersededAt: null,
  onWriteWithoutBasis: 'reject',
  holdDays: 30,
  ...over,
});
const rule = (over: Partial<RetentionRuleV1> = {}): RetentionRuleV1 => ({
  id: '00000000-0000-4000-8000-0000000000aa',
  name: 'r',
  verb: null,
  activityPrefix: null,
  registration: null,
  olderThanDays: 365,
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('ruleReaches', () => {
  const scope = policy().scope;
  it.each([
    ['a rule without criteria', rule(), true],
    ['a rule for the same verb', rule({ verb: COMPLETED }), true],
    ['a rule for another verb', rule({ verb: 'http://adlnet.gov/expapi/verbs/attempted' }), false],
    ['a rule for a shorter prefix', rule({ activityPrefix: 'https://lms.example.org/' }), true],
    ['a rule for a longer prefix', rule({ activityPrefix: 'https://lms.example.org/course/a/unit-1' }), true],
    ['a rule for another course', rule({ activityPrefix: 'https://lms.example.org/course/b/' }), false],
  ])('%s: %s', (_, r, reaches) => {
    expect(ruleReaches(r, scope)).toBe(reaches);
  });

  it('treats a policy without a verb or prefix as reached by any rule', () => {
    expect(ruleReaches(rule({ verb: COMPLETED, activityPrefix: 'https://x.example/' }), {})).toBe(true);
  });
});

describe('activityOf', () => {
  it('names the purpose, basis, the learner’s choice, recipients, parts disclosed and removed, and the rules', () => {
    const reaching = rule();
    const other = rule({ id: '00000000-0000-4000-8000-0000000000bb', verb: 'http://x.example/verb' });
    const activity = activityOf(policy(), [reaching, other]);
    expect(activity).toMatchObject({
      policyId: policy().id,
      version: 2,
      lawfulBasis: 'consent',
      learnerChoice: 'consent',
      recipients: [{ kind: 'role', id: 'consumer' }],
      retentionRuleIds: [reaching.id],
    });
    expect(activity.categories.removed).toEqual(['context.instructor', 'result.response']);
    expect(activity.categories.disclosed).toContain('actor');
    expect(activity.categories.disclosed).toContain('result.score');
    expect(activity.categories.disclosed).not.toContain('result.response');
  });

  it.each([
    ['legitimate-interest', 'objection'],
    ['contract', 'none'],
    ['legal-obligation', 'none'],
  ] as const)('gives a learner under %s the choice %s', (lawfulBasis, choice) => {
    expect(activityOf(policy({ lawfulBasis }), []).learnerChoice).toBe(choice);
  });
});

describe('recordsOfProcessing', () => {
  it('lists the safeguards and the rules even without a policy', () => {
    const records = recordsOfProcessing('t1', [], [rule()], new Date('2026-12-07T00:00:00Z'));
    expect(records.activities).toEqual([]);
    expect(records.retentionRules).toHaveLength(1);
    expect(records.safeguards.map((s) => s.id)).toContain('pseudonymised-audit');
  });
});
