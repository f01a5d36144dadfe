// ADR 0011 — a reader's access is kept between reads, and a change still applies to the very next read. The
// standalone (one process) keeps each principal's compiled access in query; storage's page query checks the
// tenant's access version it was built at. Every test here first reads twice, so the access is kept ("warm"),
// then changes something and reads once more: a grant revoked, an objection, a policy edited away from the reader,
// a credential revoked. The counters show that a warm read does not ask consent again, and that a policy change
// makes the kept access stale, so it is fetched afresh once and the read leaves one audit record, not two.
import { aLearner, aStatement, aVerb, xapiClient } from '@custos/testing';
import { metricsRegistry } from '@custos/telemetry';
import { beforeAll, describe, expect, it } from 'vitest';

import { type SignedIn, useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const COURSE = 'https://example.org/courses/cache/';
const completed = aVerb('completed');
const activity = (id: string) => ({ objectType: 'Activity', id });

/** The sum of a counter's values whose labels are all as given. */
async function counted(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, x]) => String(v.labels[k]) === x))
    .reduce((sum, v) => sum + v.value, 0);
}

/** What one call did: consent's rules asked for, kept access used, found stale, and read audit records committed. */
async function countersAround<T>(call: () => Promise<T>) {
  const now = () =>
    Promise.all([
      counted('custos_bus_requests_total', { side: 'server', subject: 'consent.v1.ability.get' }),
      counted('custos_access_rules_cache_total', { outcome: 'hit' }),
      counted('custos_access_rules_cache_total', { outcome: 'stale' }),
      counted('custos_access_decisions_total', { action: 'statements.read' }),
    ]);
  const before = await now();
  const result = await call();
  const after = await now();
  const [abilityAsked, kept, stale, readRecords] = after.map((n, i) => n - before[i]!);
  return { result, abilityAsked, kept, stale, readRecords };
}

interface Tenant {
  tenantId: string;
  ids: { ana: string; bob: string };
  admin: SignedIn;
  consumer: SignedIn;
  ana: SignedIn;
}

async function aTenant(): Promise<Tenant> {
  const lms = await lrs.client();
  const { tenantId } = lms;
  const ana = aLearner();
  const bob = aLearner();
  const [anaId, bobId] = (
    await lms.postStatements([
      aStatement({ actor: ana, verb: completed, object: activity(`${COURSE}1`) }),
      aStatement({ actor: bob, verb: completed, object: activity(`${COURSE}1`) }),
    ])
  ).body as [string, string];
  const person = (
    username: string,
    roles: ('learner' | 'admin' | 'consumer')[],
    agents: Record<string, unknown>[] = [],
  ) => lrs.people.create(tenantId, { username, password: `${username}-password-123`, roles, agents });
  await person('admin', ['admin']);
  await person('consumer', ['consumer']);
  await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  const signIn = (u: string) => lrs.signIn(tenantId, u, `${u}-password-123`);
  return {
    tenantId,
    ids: { ana: anaId, bob: bobId },
    admin: await signIn('admin'),
    consumer: await signIn('consumer'),
    ana: await signIn('ana'),
  };
}

const policyBody = (lawfulBasis: string, grantee = { kind: 'role', id: 'consumer' }) => ({
  grantee,
  purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students' },
  lawfulBasis,
  scope: { activityPrefixes: [COURSE] },
});

async function createPolicy(t: Tenant, body: ReturnType<typeof policyBody>): Promise<string> {
  const res = await t.admin.call('POST', '/api/v1/policies', body);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

/** The ids a signed-in reader gets from the newest statements, sorted; or the status when it is not 200. */
async function readIds(reader: SignedIn): Promise<string[] | number> {
  const res = await reader.call('GET', '/xapi/statements');
  if (res.status !== 200) return res.status;
  return (res.body as { statements: { id: string }[] }).statements.map((s) => s.id).sort();
}

/** Two reads, so the reader's access is kept; the second must not ask consent. */
async function warm(reader: SignedIn | (() => Promise<unknown>)): Promise<void> {
  const read = typeof reader === 'function' ? reader : () => readIds(reader);
  await read();
  const second = await countersAround(read);
  expect(second).toMatchObject({ abilityAsked: 0, kept: 1, stale: 0 });
}

describe('kept access (ADR 0011)', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await aTenant();
  });

  it('a warm read uses the kept access: consent is not asked for the rules again', async () => {
    await createPolicy(t, policyBody('legal-obligation'));
    const first = await countersAround(() => readIds(t.consumer));
    expect(first.result).toEqual([t.ids.ana, t.ids.bob].sort());
    expect(first.abilityAsked).toBe(1);
    const second = await countersAround(() => readIds(t.consumer));
    expect(second).toMatchObject({ result: first.result, abilityAsked: 0, kept: 1, readRecords: 1 });
  });

  it('a change to any policy of the tenant makes kept access stale: fetched once more, same answer, one record', async () => {
    const t2 = await aTenant();
    await createPolicy(t2, policyBody('legal-obligation'));
    await warm(t2.consumer);
    // A policy for someone else: the consumer's rules do not change, but the tenant's access version does.
    await createPolicy(t2, policyBody('legal-obligation', { kind: 'role', id: 'auditor' }));
    const next = await countersAround(() => readIds(t2.consumer));
    expect(next).toMatchObject({
      result: [t2.ids.ana, t2.ids.bob].sort(),
      abilityAsked: 1,
      stale: 1,
      // The refused attempt rolled back with its record: the read is recorded once.
      readRecords: 1,
    });
    // And kept again from then on.
    expect(await countersAround(() => readIds(t2.consumer))).toMatchObject({ abilityAsked: 0, kept: 1 });
  });

  it("revoking a grant applies to the next read while the consumer's access is kept", async () => {
    const t2 = await aTenant();
    const policyId = await createPolicy(t2, policyBody('consent'));
    const granted = await t2.ana.call('POST', '/api/v1/me/grants', { policyId });
    expect(granted.status).toBe(201);
    await warm(t2.consumer);
    expect(await readIds(t2.consumer)).toEqual([t2.ids.ana]);

    const grantId = (granted.body as { record: { id: string } }).record.id;
    expect((await t2.ana.call('DELETE', `/api/v1/me/grants/${grantId}`)).status).toBe(200);
    // Grants are never kept: the kept access is still good, and the SQL reads the revocation.
    expect(await countersAround(() => readIds(t2.consumer))).toMatchObject({ result: [], kept: 1 });
  });

  it("an objection applies to the next read while the consumer's access is kept", async () => {
    const t2 = await aTenant();
    const policyId = await createPolicy(t2, policyBody('legitimate-interest'));
    await warm(t2.consumer);
    expect(await readIds(t2.consumer)).toEqual([t2.ids.ana, t2.ids.bob].sort());

    expect((await t2.ana.call('POST', '/api/v1/me/objections', { policyId })).status).toBe(201);
    expect(await countersAround(() => readIds(t2.consumer))).toMatchObject({
      result: [t2.ids.bob],
      kept: 1,
    });
  });

  it('a policy edited away from the consumer stops their next read (403), although their access was kept', async () => {
    const t2 = await aTenant();
    const policyId = await createPolicy(t2, policyBody('legal-obligation'));
    await warm(t2.consumer);

    const edited = await t2.admin.call(
      'PUT',
      `/api/v1/policies/${policyId}`,
      policyBody('legal-obligation', { kind: 'role', id: 'auditor' }),
    );
    expect(edited.status).toBe(200);
    expect(await countersAround(() => readIds(t2.consumer))).toMatchObject({
      result: 403,
      stale: 1,
      // The denial, recorded once.
      readRecords: 1,
    });
  });

  it('a policy narrowed applies to the next read while the access is kept', async () => {
    const t2 = await aTenant();
    const policyId = await createPolicy(t2, policyBody('legal-obligation'));
    await warm(t2.consumer);
    const narrowed = await t2.admin.call('PUT', `/api/v1/policies/${policyId}`, {
      ...policyBody('legal-obligation'),
      scope: { activityPrefixes: ['https://example.org/courses/other/'] },
    });
    expect(narrowed.status).toBe(200);
    expect(await readIds(t2.consumer)).toEqual([]);
  });

  it('a revoked credential is refused on its next read, although its access was kept', async () => {
    const t2 = await aTenant();
    const created = await t2.admin.call('POST', '/api/v1/credentials', {
      name: 'Dashboard',
      scopes: ['statements/write'],
    });
    expect(created.status).toBe(201);
    const { credential, secret } = created.body as {
      credential: { id: string; key: string };
      secret: string;
    };
    await createPolicy(t2, policyBody('legal-obligation', { kind: 'credential', id: credential.id }));
    const dashboard = xapiClient(lrs.baseUrl, credential.key, secret, '2.0.0');
    const read = async () => {
      const res = await dashboard.getStatements();
      return res.status === 200 ? res.body.statements.length : res.status;
    };
    await warm(read);
    expect(await read()).toBe(2);

    expect((await t2.admin.call('DELETE', `/api/v1/credentials/${credential.id}`)).status).toBe(200);
    expect(await read()).toBe(401);
  });
});
