// A learner's effective access (GET /api/v1/me/effective-access): who may read what of their statements today,
// and by which rule — self access, xAPI credentials whose scopes read statements, and every current institution
// policy of the tenant with its status for this learner. The same rules as reads decide (`statementReadReach`,
// `basisRequirement` of @custos/authz; grants and objections as consent's access views see them). No I/O here.
import { basisRequirement, isXapiScope, statementReadReach } from '@custos/authz';
import type { AccessHolderV1, EffectiveAccessEntryV1, GranteeV1, PolicyViewV1 } from '@custos/contracts';

import { agentOfIfi, linkedIfis } from '../people/index.js';
import type { LearnerGrant, LearnerLink, LearnerObjection } from './effective-access.repository.js';

export interface TenantCredential {
  id: string;
  name: string;
  scopes: string[];
  revoked: boolean;
}

export interface EffectiveAccessInput {
  /** The identifiers linked to the learner (both forms of an mbox): self access needs at least one. */
  links: readonly LearnerLink[];
  /** Every credential of the tenant, revoked ones included. */
  credentials: readonly TenantCredential[];
  /** The current version of every policy of the tenant. */
  policies: readonly PolicyViewV1[];
  grants: readonly LearnerGrant[];
  objections: readonly LearnerObjection[];
  groupNames: ReadonlyMap<string, string>;
  usernames: ReadonlyMap<string, string>;
}

type Entry = EffectiveAccessEntryV1;

export function effectiveAccessOf(input: EffectiveAccessInput): Entry[] {
  return [selfEntry(input), ...input.credentials.flatMap(credentialEntry), ...policyEntries(input)];
}

// Self access is whoever an identifier is linked to, so the entry names each linked identifier and when it was
// linked: a link the learner did not expect shows here (and, with who made it, in their access log).
function selfEntry({ links }: EffectiveAccessInput): Entry {
  const linked = links.length > 0;
  const shown = new Set(linkedIfis(links.map((l) => l.ifi)));
  const identifiers = links
    .filter((l) => shown.has(l.ifi))
    .map((l) => ({ agent: agentOfIfi(l.ifi), linkedAt: l.linkedAt }));
  return {
    who: { kind: 'self', identifiers },
    what: { statements: 'all', redactedFields: [] },
    why: { kind: 'self-access' },
    status: linked ? 'active' : 'inactive',
    because: linked ? 'self-access' : 'no-linked-agent',
  };
}

// One entry per credential that reads statements at all: through its widest scope.
function credentialEntry(credential: TenantCredential): Entry[] {
  if (credential.revoked) return [];
  const scopes = credential.scopes.filter(isXapiScope);
  const all = scopes.find((s) => statementReadReach(s) === 'all');
  const own = scopes.find((s) => statementReadReach(s) === 'own-writes');
  const scope = all ?? own;
  if (scope === undefined) return [];
  return [
    {
      who: holderOfCredential(credential),
      what: { statements: all ? 'all' : 'written-by-them', redactedFields: [] },
      why: { kind: 'xapi-scope', scope },
      status: 'active',
      because: 'xapi-scope',
    },
  ];
}

function holderOfCredential(c: TenantCredential): AccessHolderV1 {
  return { kind: 'credential', id: c.id, name: c.name, scopes: c.scopes };
}

function policyEntries(input: EffectiveAccessInput): Entry[] {
  return input.policies.flatMap((policy) => {
    const base = {
      who: holderOf(policy.grantee, input),
      why: {
        kind: 'policy' as const,
        policyId: policy.id,
        version: policy.version,
        purpose: policy.purpose,
        lawfulBasis: policy.lawfulBasis,
      },
    };
    const what = (scope = policy.scope) => ({ statements: scope, redactedFields: policy.redactFields });
    const entries = basisEntries(policy, input).map(({ scope, ...rest }): Entry => ({
      ...base,
      what: what(scope),
      ...rest,
    }));
    // A policy for a credential that can no longer sign in gives nothing, whatever the learner decided.
    const grantee = policy.grantee;
    const credential =
      grantee.kind === 'credential' ? input.credentials.find((c) => c.id === grantee.id) : undefined;
    if (grantee.kind === 'credential' && (!credential || credential.revoked)) {
      return entries.map((e): Entry => ({ ...e, status: 'inactive', because: 'credential-revoked' }));
    }
    return entries;
  });
}

type BasisEntry = Omit<Entry, 'who' | 'why' | 'what'> & { scope?: PolicyViewV1['scope'] };

function basisEntries(policy: PolicyViewV1, input: EffectiveAccessInput): BasisEntry[] {
  switch (basisRequirement(policy.lawfulBasis)) {
    case 'nothing':
      return [{ status: 'active', because: 'legal-obligation' }];
    case 'no-objection': {
      const objection = input.objections.find((o) => o.policyId === policy.id);
      return objection
        ? [{ status: 'inactive', because: 'objected', objectionId: objection.id }]
        : [{ status: 'active', because: 'no-objection' }];
    }
    case 'active-grant':
      return grantEntries(policy, input.grants);
  }
}

// Grants count only for the policy's current version (an edited consent policy asks again); several active
// grants each give what their own scope covers.
function grantEntries(policy: PolicyViewV1, grants: readonly LearnerGrant[]): BasisEntry[] {
  const mine = grants.filter((g) => g.policyId === policy.id);
  const current = mine.filter((g) => g.policyVersion === policy.version);
  const active = current.filter((g) => !g.expired);
  if (active.length > 0) {
    return active.map((g) => ({
      status: 'active',
      because: 'granted',
      grantId: g.id,
      expiresAt: g.expiresAt,
      // A grant narrower than the policy: what it covers is the policy's scope with the grant's narrowing.
      scope: { ...policy.scope, ...g.scope },
    }));
  }
  const expired = current[0];
  if (expired) {
    return [
      { status: 'inactive', because: 'grant-expired', grantId: expired.id, expiresAt: expired.expiresAt },
    ];
  }
  const older = mine[0];
  if (older) return [{ status: 'inactive', because: 'grant-for-older-version', grantId: older.id }];
  return [{ status: 'inactive', because: 'no-grant' }];
}

function holderOf(grantee: GranteeV1, input: EffectiveAccessInput): AccessHolderV1 {
  switch (grantee.kind) {
    case 'credential': {
      const credential = input.credentials.find((c) => c.id === grantee.id);
      return credential ? holderOfCredential(credential) : { kind: 'credential', id: grantee.id, scopes: [] };
    }
    case 'role':
      return { kind: 'role', role: grantee.id };
    case 'group': {
      const name = input.groupNames.get(grantee.id);
      return { kind: 'group', id: grantee.id, ...(name !== undefined && { name }) };
    }
    case 'person': {
      const username = input.usernames.get(grantee.id);
      return { kind: 'person', id: grantee.id, ...(username !== undefined && { username }) };
    }
  }
}
