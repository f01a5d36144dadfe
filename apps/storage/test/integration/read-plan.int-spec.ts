// The shape PostgreSQL gives each filtered statement read (xAPI Communication §2.1.3 filters, with their
// StatementRef rule) on a store large enough, and analysed, for the planner's choice to mean something: every
// filter is answered from its own index, and no read walks a whole table. A plan test, not a timed one: it runs
// EXPLAIN on exactly the SQL a read sends (planStatementRead through pageQuery), never executes it.
import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { type AccessFilter, accessFilterFor, abilityWithoutPolicies } from '@custos/authz';
import type { StatementQueryV1 } from '@custos/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { planStatementRead } from '../../src/access/read-plan.js';
import { pageQuery } from '../../src/statements/statement.repository.js';

const STATEMENTS = 30_000;
/** 1,000 learners (about 30 statements each), 1,000 activities, 1,000 registrations, 100 verbs. */
const SPREAD = 1_000;
const VERBS = 100;
/** One statement in a hundred is a StatementRef to an earlier statement. */
const REF_EVERY = 100;

const databaseUrl = inject('databaseUrl');
const tenantId = `tenant-${randomUUID()}`;
const credentialId = randomUUID();
const grantingLearner = randomUUID();
const onePolicy = randomUUID();
let db: pg.Pool;

const learner = (n: number): string => `learner-hash-${n}`;
const activity = (n: number): string => `https://lms.example.org/activities/${n}`;
const verb = (n: number): string => `https://lms.example.org/verbs/${n}`;
const registration = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // Rows as statement.repository writes them: the actor (direct, a data subject) and the authority as agents,
  // the object (direct) and a context parent as activities; one statement in REF_EVERY targets an earlier one.
  await db.query(
    `WITH ins AS (
       INSERT INTO storage.statement (tenant_id, authority_credential_id, statement_id, payload, verb_iri,
                                      object_activity_id, registration, actor_ifi_hash, stored, target_statement_id)
       SELECT $1, $2::uuid, md5($1 || n)::uuid, '{}'::jsonb, $3 || (n % ${VERBS}),
              CASE WHEN n % ${REF_EVERY} = 0 THEN NULL ELSE $4 || (n % ${SPREAD}) END,
              ('00000000-0000-4000-8000-' || lpad((n % ${SPREAD})::text, 12, '0'))::uuid,
              'learner-hash-' || (n % ${SPREAD}), now() - (${STATEMENTS} - n) * interval '1 second',
              CASE WHEN n % ${REF_EVERY} = 0 THEN md5($1 || (n - 7))::uuid END
         FROM generate_series(1, ${STATEMENTS}) AS n
       RETURNING seq, actor_ifi_hash, object_activity_id, registration
     ), agents AS (
       INSERT INTO storage.statement_agent (statement_seq, ifi_hash, tenant_id, direct, is_subject)
       SELECT seq, actor_ifi_hash, $1, true, true FROM ins
       UNION ALL SELECT seq, 'authority-hash', $1, false, false FROM ins
     )
     INSERT INTO storage.statement_activity (statement_seq, activity_iri, tenant_id, direct)
     SELECT seq, object_activity_id, $1, true FROM ins WHERE object_activity_id IS NOT NULL
     UNION ALL SELECT seq, $4 || 'course-' || (seq % 10), $1, false FROM ins`,
    [tenantId, credentialId, 'https://lms.example.org/verbs/', 'https://lms.example.org/activities/'],
  );
  // A consumer's `consent` policy, granted by one learner only (consent's tables, as its services write them).
  await db.query(`INSERT INTO consent.tenant (id, name) VALUES ($1, $1)`, [tenantId]);
  await db.query(`INSERT INTO consent.person (id, tenant_id, username) VALUES ($1, $2, 'learner-42')`, [
    grantingLearner,
    tenantId,
  ]);
  await db.query(`INSERT INTO consent.person_agent (person_id, ifi, ifi_hash) VALUES ($1, $2, $2)`, [
    grantingLearner,
    learner(42),
  ]);
  await db.query(
    `INSERT INTO consent.policy (id, version, tenant_id, grantee_kind, grantee_id, purpose_code, purpose_text,
                                 lawful_basis, scope, created_by)
     VALUES ($1, 1, $2, 'person', $3, 'tutoring', 'tutoring', 'consent', '{}', 'test')`,
    [onePolicy, tenantId, randomUUID()],
  );
  await db.query(
    `INSERT INTO consent.consent_grant (id, tenant_id, policy_id, policy_version, person_id)
     VALUES ($1, $2, $3, 1, $4)`,
    [randomUUID(), tenantId, onePolicy, grantingLearner],
  );
  for (const table of ['statement', 'statement_agent', 'statement_activity']) {
    await db.query(`ANALYZE storage.${table}`);
  }
  for (const table of ['consent_grant', 'person', 'person_agent']) await db.query(`ANALYZE consent.${table}`);
}, 120_000);

afterAll(async () => {
  await db?.end();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'One-Time Filter'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Every node of the plan PostgreSQL picks for one page of the read `q`, as the tenant's reader sends it, or as
 * a reader with the given access filter does (`fromGrants` as storage chooses it for a consumer with few grants).
 */
async function planOf(
  q: Partial<StatementQueryV1>,
  reader?: { access: AccessFilter; fromGrants: boolean },
  accessVersion?: string,
): Promise<PlanNode[]> {
  const query: StatementQueryV1 = {
    relatedActivities: false,
    relatedAgents: false,
    limit: 10,
    ascending: false,
    ...q,
  };
  const access =
    reader?.access ??
    accessFilterFor(abilityWithoutPolicies({ tenantId, credentialId, scopes: ['all'] }), 'read', 'Statement');
  if (!access) throw new Error('the reader may read nothing: no plan to look at');
  const { sql, params } = pageQuery(
    tenantId,
    (p, tenant) => planStatementRead(query, access, p, tenant, 11, reader?.fromGrants),
    false,
    11,
    undefined,
    accessVersion,
  );
  const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `EXPLAIN (FORMAT JSON) ${sql}`,
    params,
  );
  return nodesOf(rows[0]!['QUERY PLAN'][0].Plan);
}

const INDEX_SCANS = ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'];

/**
 * The retention test every read carries (access/retention.ts) reads the tenant's retention rules and legal holds,
 * and the held test (access/held.ts) the statements held for want of a basis: a handful of rows, which PostgreSQL
 * rightly reads whole rather than through their index.
 */
const SMALL_TABLES: readonly string[] = ['retention_rule', 'legal_hold', 'held_statement'];

describe('the plan of a filtered statement read', () => {
  it.each([
    ['agent, a learner with statements', { agentIfiHash: learner(42) }, 'statement_agent_lookup_idx'],
    ['agent, a learner with none', { agentIfiHash: learner(SPREAD + 1) }, 'statement_agent_lookup_idx'],
    [
      'agent with related_agents',
      { agentIfiHash: learner(42), relatedAgents: true },
      'statement_agent_lookup_idx',
    ],
    ['activity', { activity: activity(42) }, 'statement_activity_lookup_idx'],
    [
      'activity with related_activities',
      { activity: activity(42), relatedActivities: true },
      'statement_activity_lookup_idx',
    ],
    ['verb', { verb: verb(42) }, 'statement_verb_idx'],
    ['registration', { registration: registration(42) }, 'statement_registration_idx'],
    [
      'agent and verb, with since',
      { agentIfiHash: learner(42), verb: verb(42), since: '2000-01-01T00:00:00Z' },
      null,
    ],
  ] as const)('answers %s from the filter’s index, without a sequential scan', async (_name, q, index) => {
    const nodes = await planOf(q);
    const seqScans = nodes
      .filter((n) => n['Node Type'] === 'Seq Scan' && !SMALL_TABLES.includes(n['Relation Name']!))
      .map((n) => n['Relation Name']);
    expect(seqScans).toEqual([]);
    const indexes = nodes.filter((n) => INDEX_SCANS.includes(n['Node Type'])).map((n) => n['Index Name']);
    // Never a walk of the whole tenant in seq order, testing each statement against the filter.
    expect(indexes).not.toContain('statement_tenant_seq_idx');
    if (index) expect(indexes).toContain(index);
  });
});

// ADR 0011: a read built from kept rules checks the tenant's access version in the page query itself. It must
// cost one call per read, not one per row, and must not change how the read is planned.
describe('the access version check of a read built from kept rules', () => {
  it('runs once, as a one-time filter, and leaves the rest of the plan as it was', async () => {
    const q = { agentIfiHash: learner(42) };
    const plain = await planOf(q);
    const checked = await planOf(q, undefined, '0');
    const checks = checked.filter((n) => n['One-Time Filter']?.includes('access_version_is'));
    expect(checks).toHaveLength(1);
    const shape = (nodes: PlanNode[]) =>
      nodes
        .filter((n) => !n['One-Time Filter'])
        .map((n) => `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name'] ?? ''}`);
    expect(shape(checked)).toEqual(shape(plain));
  });
});

// A consumer whose `consent` policy one learner granted: storage writes the grant test so that the planner may
// start from the grants (read-plan.ts `fromGrants`), and it must: newest-first through the tenant, testing each
// statement, reads a million statements to find a few dozen (docs/architecture.md "Reading statements").
describe('the plan of a read through one learner’s grant', () => {
  const access: AccessFilter = {
    and: [
      { field: 'tenantId', op: 'eq', value: tenantId },
      { field: 'grantedPolicyIds', op: 'in', value: [onePolicy] },
    ],
  };

  it.each([
    ['the newest page', {}],
    ['a verb', { verb: verb(42) }],
  ] as const)(
    'finds %s from the grant holder’s statements, never by walking the tenant',
    async (_name, q) => {
      const nodes = await planOf(q, { access, fromGrants: true });
      const onStatements = nodes.filter((n) => n['Relation Name'] === 'statement');
      expect(onStatements.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
      // Statements are looked up by key (an index condition), not walked in seq order.
      expect(onStatements.filter((n) => INDEX_SCANS.includes(n['Node Type']) && !n['Index Cond'])).toEqual(
        [],
      );
      expect(nodes.map((n) => n['Index Name'])).toContain('statement_agent_subject_idx');
    },
  );
});
