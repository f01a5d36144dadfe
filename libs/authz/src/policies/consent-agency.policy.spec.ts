// docs/privacy-operations.md "Guardians and minors": who may make a learner's consent choices, every case.
import { describe, expect, it } from 'vitest';

import { abilityFromRules, abilityWithoutPolicies, learnerConsentOf, rulesFor } from '../ability.factory.js';
import type { LearnerConsentSubject } from '../actions.js';

const person = (personId: string, roles: string[], tenantId = 'tenant-a') => ({
  kind: 'person' as const,
  tenantId,
  personId,
  roles,
  groupIds: [],
  agentIfiHashes: [],
});

const learner = person('learner-1', ['learner']);
const guardian = person('guardian-1', ['guardian']);
const otherGuardian = person('guardian-2', ['guardian']);
const linkedButNoRole = person('guardian-3', ['learner']);
const admin = person('admin-1', ['admin']);
const guardianElsewhere = person('guardian-1', ['guardian'], 'tenant-b');

const facts = (o: Partial<LearnerConsentSubject>) =>
  learnerConsentOf({
    tenantId: 'tenant-a',
    learnerId: 'learner-1',
    minor: false,
    guardianIds: ['guardian-1', 'guardian-3'],
    ...o,
  });

describe('consent agency: who acts for a learner', () => {
  const cases: [string, ReturnType<typeof person>, Partial<LearnerConsentSubject>, boolean][] = [
    ['a learner of age acts for themself', learner, {}, true],
    ['a minor does not act alone', learner, { minor: true }, false],
    ['a linked guardian acts for a minor', guardian, { minor: true }, true],
    ['a linked guardian no longer acts once the learner is of age', guardian, {}, false],
    ['an unlinked guardian does not act for a minor', otherGuardian, { minor: true }, false],
    ['a linked person without the guardian role does not act', linkedButNoRole, { minor: true }, false],
    ['an admin does not make a learner’s choices', admin, { minor: true }, false],
    ['a guardian of another tenant does not act', guardianElsewhere, { minor: true }, false],
    ['a learner does not act for another learner', learner, { learnerId: 'learner-2' }, false],
    [
      'a minor with no guardian has nobody acting but an admin linking one',
      guardian,
      { minor: true, guardianIds: [] },
      false,
    ],
  ];
  it.each(cases)('%s', (_name, who, o, allowed) => {
    expect(abilityWithoutPolicies(who).can('manage', facts(o))).toBe(allowed);
  });

  it('decides the same after the rules cross the wire', () => {
    const ability = abilityFromRules(JSON.parse(JSON.stringify(rulesFor(guardian))));
    expect(ability.can('manage', facts({ minor: true }))).toBe(true);
    expect(ability.can('manage', facts({ minor: true, guardianIds: ['guardian-2'] }))).toBe(false);
  });
});
