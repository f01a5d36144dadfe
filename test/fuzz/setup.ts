// The principals a fuzz run uses, so authenticated paths are exercised too: xAPI credentials with
// different scopes in a fresh tenant (and one in another tenant), an admin and a learner who sign in
// over HTTP, and a person, a group and a consent policy that /api/v1 inputs can name.
import { randomBytes } from 'node:crypto';

import type { FuzzContext } from './inputs.js';
import { type Acknowledged, noneAcknowledged } from './runner.js';
import { LEARNER_MBOX } from './values.js';

/** Makes credentials and people (the consent service's own calls, as `custos credentials|users` do). */
export interface Provisioner {
  credential: (tenantId: string, scopes: string[]) => Promise<{ key: string; secret: string }>;
  person: (
    tenantId: string,
    person: { username: string; password: string; roles: string[]; agents: Record<string, unknown>[] },
  ) => Promise<{ id: string }>;
}

export interface FuzzSetup {
  ctx: FuzzContext;
  /** Every tenant the run writes to. */
  tenants: string[];
  /** What the set-up itself stored (counted as acknowledged by the stored check). */
  made: Acknowledged;
}

const basic = (c: { key: string; secret: string }) =>
  `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;

async function signIn(baseUrl: string, tenant: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}: ${await res.text()}`);
  return `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
}

async function post(baseUrl: string, auth: string, path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`set-up POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

export async function setUpFuzz(baseUrl: string, make: Provisioner): Promise<FuzzSetup> {
  const tag = randomBytes(4).toString('hex');
  const tenant = `fuzz-${tag}`;
  const otherTenant = `fuzz-other-${tag}`;
  const password = randomBytes(12).toString('hex');
  const [all, write, mine, documents, other] = await Promise.all([
    make.credential(tenant, ['all']),
    make.credential(tenant, ['statements/write']),
    make.credential(tenant, ['statements/read/mine', 'statements/write']),
    make.credential(tenant, ['state', 'profile', 'define']),
    make.credential(otherTenant, ['all']),
  ]);
  const admin = await make.person(tenant, {
    username: 'fuzz-admin',
    password,
    roles: ['admin', 'auditor'],
    agents: [],
  });
  const learner = await make.person(tenant, {
    username: 'fuzz-learner',
    password,
    roles: ['learner'],
    agents: [{ mbox: LEARNER_MBOX }],
  });
  const other_ = await make.person(tenant, {
    username: 'fuzz-other',
    password,
    roles: ['consumer'],
    agents: [],
  });
  const adminAuth = await signIn(baseUrl, tenant, 'fuzz-admin', password);
  const learnerAuth = await signIn(baseUrl, tenant, 'fuzz-learner', password);
  const group = await post(baseUrl, adminAuth, '/api/v1/groups', { name: 'fuzz group' });
  const policy = await post(baseUrl, adminAuth, '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'fuzz', text: 'Fuzzing' },
    lawfulBasis: 'consent',
  });
  const made = noneAcknowledged();
  for (const p of [admin, learner, other_]) made.person.add(p.id);
  made.group.add(group.id);
  made.policy.add(policy.id);
  return {
    ctx: {
      auth: {
        all: basic(all),
        write: basic(write),
        mine: basic(mine),
        documents: basic(documents),
        otherTenant: basic(other),
        admin: adminAuth,
        learner: learnerAuth,
      },
      tenant,
      logins: [
        { username: 'fuzz-admin', password },
        { username: 'fuzz-learner', password },
      ],
      personId: other_.id,
      groupId: group.id,
      policyId: policy.id,
    },
    tenants: [tenant, otherTenant],
    made,
  };
}

/** `into` gains everything in `from` (the set-up's rows join what the run acknowledged). */
export function mergeAcknowledged(into: Acknowledged, from: Acknowledged): Acknowledged {
  for (const key of Object.keys(from) as (keyof Acknowledged)[]) for (const v of from[key]) into[key].add(v);
  return into;
}
