// DESIGN "Access model", decision step 2 (self access): every role × action × subject.
import { subject } from '@casl/ability';
import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies, rulesFor } from '../ability.factory.js';
import { ACTIONS, type DocumentSubject, type StatementSubject } from '../actions.js';
import { documentSubject } from '../filter-bind.js';

const MINE = 'a'.repeat(64);
const MINE_SHA1_FORM = 'b'.repeat(64);
const OTHER = 'c'.repeat(64);

const learner = {
  kind: 'person' as const,
  tenantId: 'tenant-a',
  personId: 'p1',
  roles: ['learner'],
  groupIds: [],
  agentIfiHashes: [MINE, MINE_SHA1_FORM],
};

const statement = (overrides: Partial<StatementSubject>) =>
  subject('Statement', {
    tenantId: 'tenant-a',
    authorityCredentialId: 'cred-1',
    verbIri: 'http://adlnet.gov/expapi/verbs/completed',
    objectActivityId: null,
    registration: null,
    stored: '2025-01-01T00:00:00.000Z',
    subjectIfiHashes: [MINE],
    ...overrides,
  });

const document = (overrides: Partial<DocumentSubject>) =>
  documentSubject({
    tenantId: 'tenant-a',
    kind: 'state',
    activityId: 'https://example.com/a',
    agentIfiHash: MINE,
    registration: null,
    ...overrides,
  });

const records = {
  'statement about me': statement({}),
  'statement about me in my mbox_sha1sum form': statement({ subjectIfiHashes: [OTHER, MINE_SHA1_FORM] }),
  'statement about someone else': statement({ subjectIfiHashes: [OTHER] }),
  'statement about nobody identified': statement({ subjectIfiHashes: [] }),
  'statement about me in another tenant': statement({ tenantId: 'tenant-b' }),
  'my State document': document({}),
  'my Agent Profile document': document({ kind: 'agentProfile', activityId: null }),
  "someone else's State document": document({ agentIfiHash: OTHER }),
  "someone else's Agent Profile document": document({
    kind: 'agentProfile',
    activityId: null,
    agentIfiHash: OTHER,
  }),
  'an Activity Profile document': document({ kind: 'activityProfile', agentIfiHash: null }),
  'my State document in another tenant': document({ tenantId: 'tenant-b' }),
};
type RecordName = keyof typeof records;

const readableByLearner: RecordName[] = [
  'statement about me',
  'statement about me in my mbox_sha1sum form',
  'my State document',
  'my Agent Profile document',
];

const allowed = (roles: string[], agentIfiHashes: string[]) => {
  const ability = abilityWithoutPolicies({ ...learner, roles, agentIfiHashes });
  return ACTIONS.flatMap((action) =>
    (Object.keys(records) as RecordName[])
      .filter((name) => ability.can(action, records[name]))
      .map((name) => `${action} ${name}`),
  );
};

// Explaining who may read a statement (GET /api/v1/explain): the learner concerned, or an admin of the tenant.
const explainableByLearner: RecordName[] = [
  'statement about me',
  'statement about me in my mbox_sha1sum form',
];
const tenantStatements: RecordName[] = [
  ...explainableByLearner,
  'statement about someone else',
  'statement about nobody identified',
];

describe('self access policy', () => {
  it.each([
    [['learner'], readableByLearner, explainableByLearner],
    [['learner', 'admin'], readableByLearner, tenantStatements],
    [['admin'], [], tenantStatements],
    [['auditor'], [], []],
    [['consumer'], [], []],
    [['admin', 'auditor', 'consumer'], [], tenantStatements],
    [[], [], []],
  ])('roles %j may only read %j and explain %j', (roles, readable, explainable) => {
    expect(allowed(roles, [MINE, MINE_SHA1_FORM])).toEqual([
      ...readable.map((name) => `read ${name}`),
      ...explainable.map((name) => `explain ${name}`),
    ]);
  });

  // Erasure of their own account stays theirs to ask for (erasure.policy.ts): the person exists without records.
  const ownErasure = {
    action: ['read', 'write'],
    subject: 'Erasure',
    conditions: { tenantId: 'tenant-a', personId: 'p1' },
  };
  // Every person also makes their own consent choices once of age (consent-agency.policy.spec.ts covers that rule).
  const OWN_CONSENT = {
    action: 'manage',
    subject: 'LearnerConsent',
    conditions: { tenantId: 'tenant-a', learnerId: 'p1', minor: false },
  };

  it('gives a learner without linked agents nothing to read: only their own erasure and consent choices', () => {
    expect(allowed(['learner'], [])).toEqual([]);
    expect(rulesFor({ ...learner, agentIfiHashes: [] })).toEqual([ownErasure, OWN_CONSENT]);
  });

  it('conditions every rule on the tenant and the linked agents, once each', () => {
    expect(rulesFor({ ...learner, agentIfiHashes: [MINE, MINE, MINE_SHA1_FORM] })).toEqual([
      {
        action: 'read',
        subject: 'Statement',
        conditions: { tenantId: 'tenant-a', subjectIfiHashes: { $in: [MINE, MINE_SHA1_FORM] } },
      },
      {
        action: 'explain',
        subject: 'Statement',
        conditions: { tenantId: 'tenant-a', subjectIfiHashes: { $in: [MINE, MINE_SHA1_FORM] } },
      },
      {
        action: 'read',
        subject: 'Document',
        conditions: {
          tenantId: 'tenant-a',
          kind: { $in: ['state', 'agentProfile'] },
          agentIfiHash: { $in: [MINE, MINE_SHA1_FORM] },
        },
      },
      {
        action: 'read',
        subject: 'AuditRecord',
        conditions: { tenantId: 'tenant-a', learnerIfiHashes: { $in: [MINE, MINE_SHA1_FORM] } },
      },
      ownErasure,
      OWN_CONSENT,
    ]);
  });

  it.each([
    ['an empty tenant', { tenantId: '' }, /tenantId/],
    ['an empty person id', { personId: '' }, /personId/],
    ['an empty agent hash', { agentIfiHashes: [MINE, ''] }, /agent identifier/],
  ])('refuses a person with %s', (_, overrides, message) => {
    expect(() => rulesFor({ ...learner, ...overrides })).toThrow(message);
  });
});
