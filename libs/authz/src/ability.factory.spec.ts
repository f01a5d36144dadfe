import { subject } from '@casl/ability';
import { packRules, unpackRules } from '@casl/ability/extra';
import { describe, expect, it } from 'vitest';

import {
  abilityFromRules,
  abilityWithoutPolicies,
  abilityWithPolicies,
  rulesFor,
} from './ability.factory.js';
import type { AccessPrincipal, AppAbility, AppRule } from './ability.types.js';
import type { StatementSubject } from './actions.js';
import { type InstitutionPolicy, LAWFUL_BASES } from './policies/institution.policy.js';
import { startsWithAny } from './prefix.js';

const me = { tenantId: 'tenant-a', credentialId: 'cred-1' };

const statement = (overrides: Partial<StatementSubject> = {}) =>
  subject('Statement', {
    tenantId: me.tenantId,
    authorityCredentialId: me.credentialId,
    verbIri: 'http://adlnet.gov/expapi/verbs/completed',
    objectActivityId: null,
    registration: null,
    stored: '2025-01-01T00:00:00.000Z',
    subjectIfiHashes: [],
    ...overrides,
  });

const samples = [
  statement(),
  statement({ authorityCredentialId: 'cred-2' }),
  statement({ tenantId: 'tenant-b' }),
  statement({ verbIri: 'http://adlnet.gov/expapi/verbs/voided' }),
];

const decisions = (ability: AppAbility) =>
  samples.flatMap((s) => (['read', 'write', 'void'] as const).map((action) => ability.can(action, s)));

describe('abilityWithoutPolicies', () => {
  it('refuses an unknown scope rather than ignoring it', () => {
    expect(() => abilityWithoutPolicies({ ...me, scopes: ['statements/read', 'admin'] })).toThrow(/"admin"/);
  });

  it('refuses a principal without a tenant', () => {
    expect(() => abilityWithoutPolicies({ ...me, tenantId: '', scopes: ['all'] })).toThrow(/tenantId/);
  });

  it('refuses a principal without a credential id', () => {
    expect(() => abilityWithoutPolicies({ ...me, credentialId: '', scopes: ['all'] })).toThrow(
      /credentialId/,
    );
  });
});

describe('rulesFor / abilityFromRules', () => {
  it.each([[[]], [['all']], [['statements/read/mine', 'statements/write']], [['all/read']]])(
    'survives JSON for scopes %j',
    (scopes) => {
      const rules = rulesFor({ ...me, scopes });
      const received: unknown = JSON.parse(JSON.stringify(rules));
      expect(decisions(abilityFromRules(received))).toEqual(
        decisions(abilityWithoutPolicies({ ...me, scopes })),
      );
    },
  );

  it('survives CASL packing', () => {
    const rules = rulesFor({ ...me, scopes: ['statements/read/mine'] });
    const unpacked = unpackRules<AppRule>(JSON.parse(JSON.stringify(packRules(rules))));
    expect(decisions(abilityFromRules(unpacked))).toEqual(
      decisions(abilityWithoutPolicies({ ...me, scopes: ['statements/read/mine'] })),
    );
  });

  it('lets a cannot rule win even when it arrives before the can rule', () => {
    const voided = statement({ verbIri: 'http://adlnet.gov/expapi/verbs/voided' });
    const deny = {
      action: 'read',
      subject: 'Statement',
      inverted: true,
      conditions: { verbIri: voided.verbIri },
    };
    const allow = { action: 'read', subject: 'Statement', conditions: { tenantId: me.tenantId } };
    for (const rules of [
      [deny, allow],
      [allow, deny],
    ]) {
      const ability = abilityFromRules(rules);
      expect(ability.can('read', voided)).toBe(false);
      expect(ability.can('read', statement())).toBe(true);
    }
  });

  it('does not reorder the caller’s array', () => {
    const rules = [
      { action: 'read', subject: 'Statement', inverted: true, conditions: { verbIri: 'v' } },
      { action: 'read', subject: 'Statement', conditions: { tenantId: me.tenantId } },
    ];
    const before = JSON.stringify(rules);
    abilityFromRules(rules);
    expect(JSON.stringify(rules)).toBe(before);
  });

  const valid = { action: 'read', subject: 'Statement', conditions: { tenantId: me.tenantId } };

  it.each([
    ['a non-array', { rules: valid }, /array/],
    ['a non-object rule', ['read'], /#0: not an object/],
    ['an unknown action', [{ ...valid, action: 'delete' }], /#0: action/],
    ['an empty action list', [{ ...valid, action: [] }], /#0: action/],
    ['a mixed action list', [{ ...valid, action: ['read', 'delete'] }], /#0: action/],
    ['the "all" subject', [{ ...valid, subject: 'all' }], /#0: subject/],
    ['an unknown subject', [{ ...valid, subject: 'Secret' }], /#0: subject/],
    ['a field rule on a non-redactable field', [{ ...valid, fields: ['verbIri'] }], /#0: fields/],
    ['an unexpected property', [{ ...valid, priority: 1 }], /#0: unexpected property "priority"/],
    ['a string inverted flag', [{ ...valid, inverted: 'yes' }], /#0: inverted/],
    ['a non-string reason', [{ ...valid, reason: 1 }], /#0: reason/],
    ['array conditions', [{ ...valid, conditions: [] }], /#0: conditions/],
    ['a can rule without conditions', [{ action: 'read', subject: 'Statement' }], /#0: .*tenantId/],
    [
      'a can rule without a tenant',
      [{ ...valid, conditions: { authorityCredentialId: 'c' } }],
      /#0: .*tenantId/,
    ],
    ['a can rule with an empty tenant', [{ ...valid, conditions: { tenantId: '' } }], /#0: .*tenantId/],
    [
      'a can rule with a tenant operator',
      [{ ...valid, conditions: { tenantId: { $ne: 'tenant-x' } } }],
      /#0: .*tenantId/,
    ],
    ['the second rule when it is bad', [valid, { ...valid, conditions: {} }], /#1: .*tenantId/],
    [
      'a data-subject condition without a tenant',
      [{ ...valid, conditions: { subjectIfiHashes: { $in: ['h1'] } } }],
      /#0: .*tenantId/,
    ],
    [
      'a data-subject condition with a tenant operator',
      [{ ...valid, conditions: { tenantId: { $in: ['tenant-a'] }, subjectIfiHashes: { $in: ['h1'] } } }],
      /#0: .*tenantId/,
    ],
    [
      'a data-subject condition as a plain value',
      [{ ...valid, conditions: { tenantId: 't', subjectIfiHashes: 'h1' } }],
      /#0: .*subjectIfiHashes.*\$in/,
    ],
    [
      'a data-subject condition with another operator',
      [{ ...valid, conditions: { tenantId: 't', subjectIfiHashes: { $all: ['h1'] } } }],
      /#0: .*subjectIfiHashes.*\$in/,
    ],
    [
      'a data-subject condition with an empty hash',
      [{ ...valid, conditions: { tenantId: 't', subjectIfiHashes: { $in: ['h1', ''] } } }],
      /#0: .*subjectIfiHashes/,
    ],
    [
      'a data-subject condition on documents',
      [{ ...valid, subject: 'Document', conditions: { tenantId: 't', subjectIfiHashes: { $in: ['h1'] } } }],
      /#0: .*no set field "subjectIfiHashes"/,
    ],
    [
      'a context-activity condition with a pattern that is not a literal prefix',
      [{ ...valid, conditions: { tenantId: 't', parentActivityIds: { $regex: '^https://a/.*' } } }],
      /#0: .*parentActivityIds.*literal prefix/,
    ],
    [
      'a context-activity condition with a regex object',
      [{ ...valid, conditions: { tenantId: 't', parentActivityIds: { $regex: /^a/i } } }],
      /#0: .*parentActivityIds/,
    ],
  ])('refuses %s', (_, rules, message) => {
    expect(() => abilityFromRules(rules)).toThrow(message);
  });

  it('accepts a context-activity prefix condition, and it survives JSON', () => {
    const rules = [
      {
        ...valid,
        conditions: { tenantId: me.tenantId, parentActivityIds: startsWithAny(['https://a/', 'https://b/']) },
      },
    ];
    const ability = abilityFromRules(JSON.parse(JSON.stringify(rules)));
    expect(ability.can('read', statement({ parentActivityIds: ['https://x/', 'https://b/1'] }))).toBe(true);
    expect(ability.can('read', statement({ parentActivityIds: ['https://x/'] }))).toBe(false);
  });

  it('accepts a data-subject condition next to the tenant, and it survives JSON', () => {
    const rules = [
      { ...valid, conditions: { tenantId: me.tenantId, subjectIfiHashes: { $in: ['h1', 'h2'] } } },
    ];
    const ability = abilityFromRules(JSON.parse(JSON.stringify(rules)));
    expect(ability.can('read', statement({ subjectIfiHashes: ['h0', 'h2'] }))).toBe(true);
    expect(ability.can('read', statement({ subjectIfiHashes: ['h0'] }))).toBe(false);
    expect(ability.can('read', statement({ tenantId: 'tenant-b', subjectIfiHashes: ['h1'] }))).toBe(false);
  });

  it('accepts a cannot rule without a tenant, since it only narrows access', () => {
    const ability = abilityFromRules([valid, { action: 'read', subject: 'Statement', inverted: true }]);
    expect(ability.can('read', statement())).toBe(false);
  });
});

// The invariant that makes abilityWithoutPolicies safe where it is used: institution policies add only
// `can read Statement` rules, so leaving them out changes nothing else and can only narrow statement reads.
describe('abilityWithPolicies against abilityWithoutPolicies', () => {
  const policies: InstitutionPolicy[] = LAWFUL_BASES.map((lawfulBasis, i) => ({
    id: `p${i}`,
    version: 1,
    tenantId: me.tenantId,
    lawfulBasis,
    scope: i % 2 === 0 ? { verbs: ['https://v/completed'] } : { activityPrefixes: ['https://a.org/'] },
    ...(i === 0 ? { redactFields: ['result'] } : {}),
  }));
  const principals: AccessPrincipal[] = [
    { kind: 'credential', ...me, scopes: ['statements/read/mine', 'state'] },
    {
      kind: 'person',
      tenantId: me.tenantId,
      personId: 'u1',
      roles: ['learner', 'admin', 'auditor'],
      groupIds: [],
      agentIfiHashes: ['h1'],
    },
  ];

  it.each(principals)('policies add only can-read-Statement rules ($kind)', (principal) => {
    const without = rulesFor(principal);
    const added = rulesFor(principal, { policies }).filter(
      (rule) => !without.some((r) => JSON.stringify(r) === JSON.stringify(rule)),
    );
    expect(added.length).toBeGreaterThan(0);
    for (const rule of added) {
      expect({ action: rule.action, subject: rule.subject, inverted: rule.inverted }).toEqual({
        action: 'read',
        subject: 'Statement',
        inverted: undefined,
      });
    }
    expect(abilityWithoutPolicies(principal).rules).toEqual(without);
    expect(abilityWithPolicies(principal, policies).rules).toEqual(rulesFor(principal, { policies }));
  });
});
