import type { PolicyViewV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { type EffectiveAccessInput, effectiveAccessOf } from './effective-access.js';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const policy = (
  n: number,
  lawfulBasis: PolicyViewV1['lawfulBasis'],
  grantee: PolicyViewV1['grantee'] = { kind: 'role', id: 'consumer' },
): PolicyViewV1 => ({
  id: uuid(n),
  version: 2,
  tenantId: 't',
  grantee,
  purpose: { code: `p${n}`, text: `Policy ${n}` },
  lawfulBasis,
  scope: { verbs: ['v:a', 'v:b'] },
  redactFields: n === 1 ? ['result.score'] : [],
  onWriteWithoutBasis: 'reject',
  holdDays: 30,
  createdAt: '2025-01-01T00:00:00.000Z',
  createdBy: 'admin',
  supersededAt: null,
});

const base: EffectiveAccessInput = {
  links: [{ ifi: 'account:https://lms.example|ana', linkedAt: '2026-01-01T00:00:00.000Z' }],
  credentials: [],
  policies: [],
  grants: [],
  objections: [],
  groupNames: new Map(),
  usernames: new Map(),
};

const grant = (n: number, policyN: number, extra: Partial<EffectiveAccessInput['grants'][number]> = {}) => ({
  id: uuid(100 + n),
  policyId: uuid(policyN),
  policyVersion: 2,
  scope: {},
  expiresAt: null,
  expired: false,
  ...extra,
});

const summary = (input: Partial<EffectiveAccessInput>) =>
  effectiveAccessOf({ ...base, ...input }).map((e) => [
    e.who.kind,
    e.why.kind === 'policy' ? e.why.lawfulBasis : e.why.kind,
    e.status,
    e.because,
  ]);

describe('effective access', () => {
  it('starts with self access, active only with a linked agent', () => {
    expect(summary({})).toEqual([['self', 'self-access', 'active', 'self-access']]);
    expect(summary({ links: [] })).toEqual([['self', 'self-access', 'inactive', 'no-linked-agent']]);
  });

  it('names who reads as self: each linked identifier once (an mbox without its derived sha1) and when linked', () => {
    const [self] = effectiveAccessOf({
      ...base,
      links: [
        { ifi: 'mbox:mailto:ana@example.org', linkedAt: '2026-01-01T00:00:00.000Z' },
        {
          ifi: 'mbox_sha1sum:0e5544afbb6be286591577af49b31b0187a46ef0',
          linkedAt: '2026-01-01T00:00:00.000Z',
        },
        { ifi: 'openid:https://id.example/ana', linkedAt: '2026-02-01T00:00:00.000Z' },
      ],
    });
    expect(self!.who).toEqual({
      kind: 'self',
      identifiers: [
        { agent: { mbox: 'mailto:ana@example.org' }, linkedAt: '2026-01-01T00:00:00.000Z' },
        { agent: { openid: 'https://id.example/ana' }, linkedAt: '2026-02-01T00:00:00.000Z' },
      ],
    });
  });

  it('lists the credentials that read statements, through their widest scope, and not revoked ones', () => {
    const credential = (n: number, scopes: string[], revoked = false) => ({
      id: uuid(n),
      name: `c${n}`,
      scopes,
      revoked,
    });
    const entries = effectiveAccessOf({
      ...base,
      credentials: [
        credential(1, ['statements/write', 'statements/read/mine', 'all/read']),
        credential(2, ['statements/read/mine']),
        credential(3, ['statements/write', 'state']),
        credential(4, ['all'], true),
      ],
    }).slice(1);
    expect(entries).toEqual([
      {
        who: {
          kind: 'credential',
          id: uuid(1),
          name: 'c1',
          scopes: ['statements/write', 'statements/read/mine', 'all/read'],
        },
        what: { statements: 'all', redactedFields: [] },
        why: { kind: 'xapi-scope', scope: 'all/read' },
        status: 'active',
        because: 'xapi-scope',
      },
      {
        who: { kind: 'credential', id: uuid(2), name: 'c2', scopes: ['statements/read/mine'] },
        what: { statements: 'written-by-them', redactedFields: [] },
        why: { kind: 'xapi-scope', scope: 'statements/read/mine' },
        status: 'active',
        because: 'xapi-scope',
      },
    ]);
  });

  it('gives every policy its status by lawful basis, objections and grants', () => {
    const policies = [
      policy(1, 'legal-obligation'),
      policy(2, 'legitimate-interest'),
      policy(3, 'contract'),
      policy(4, 'consent'),
      policy(5, 'consent'),
      policy(6, 'consent'),
      policy(7, 'consent'),
    ];
    expect(
      summary({
        policies,
        objections: [{ id: uuid(200), policyId: uuid(3) }],
        grants: [
          grant(1, 4),
          grant(2, 5, { expired: true, expiresAt: '2025-01-01T00:00:00.000Z' }),
          grant(3, 6, { policyVersion: 1 }),
        ],
      }).slice(1),
    ).toEqual([
      ['role', 'legal-obligation', 'active', 'legal-obligation'],
      ['role', 'legitimate-interest', 'active', 'no-objection'],
      ['role', 'contract', 'inactive', 'objected'],
      ['role', 'consent', 'active', 'granted'],
      ['role', 'consent', 'inactive', 'grant-expired'],
      ['role', 'consent', 'inactive', 'grant-for-older-version'],
      ['role', 'consent', 'inactive', 'no-grant'],
    ]);
  });

  it('shows a narrower grant scope, the grant, the objection and the redactions', () => {
    const [, legal, contract, consent] = effectiveAccessOf({
      ...base,
      policies: [policy(1, 'legal-obligation'), policy(3, 'contract'), policy(4, 'consent')],
      objections: [{ id: uuid(200), policyId: uuid(3) }],
      grants: [grant(1, 4, { scope: { verbs: ['v:a'] }, expiresAt: '2999-01-01T00:00:00.000Z' })],
    });
    expect(legal!.what).toEqual({ statements: { verbs: ['v:a', 'v:b'] }, redactedFields: ['result.score'] });
    expect(contract).toMatchObject({ objectionId: uuid(200) });
    expect(consent).toMatchObject({
      what: { statements: { verbs: ['v:a'] } },
      why: { kind: 'policy', policyId: uuid(4), version: 2, purpose: { code: 'p4' }, lawfulBasis: 'consent' },
      grantId: uuid(101),
      expiresAt: '2999-01-01T00:00:00.000Z',
    });
  });

  it('names group and person grantees, and a policy of a revoked credential gives nothing', () => {
    const entries = effectiveAccessOf({
      ...base,
      credentials: [{ id: uuid(9), name: 'old', scopes: ['statements/write'], revoked: true }],
      policies: [
        policy(1, 'legal-obligation', { kind: 'group', id: uuid(50) }),
        policy(2, 'legal-obligation', { kind: 'person', id: uuid(60) }),
        policy(3, 'legal-obligation', { kind: 'credential', id: uuid(9) }),
      ],
      groupNames: new Map([[uuid(50), 'Tutors']]),
      usernames: new Map([[uuid(60), 'tina']]),
    }).slice(1);
    expect(entries.map((e) => [e.who, e.status, e.because])).toEqual([
      [{ kind: 'group', id: uuid(50), name: 'Tutors' }, 'active', 'legal-obligation'],
      [{ kind: 'person', id: uuid(60), username: 'tina' }, 'active', 'legal-obligation'],
      [
        { kind: 'credential', id: uuid(9), name: 'old', scopes: ['statements/write'] },
        'inactive',
        'credential-revoked',
      ],
    ]);
  });
});
