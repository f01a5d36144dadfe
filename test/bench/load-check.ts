// Proof that the bulk-loaded rows are what the real code writes: a sample of the learners and
// statements is written again, in a scratch tenant, through consent and ingest/storage over the
// bus, and every column and link row of both copies is compared (ids, tenant, time of writing
// and the writer's authority aside). A difference stops the build of the data set.
import type { CredentialPrincipalV1, PersonPrincipalV1, PersonViewV1 } from '@custos/contracts';
import type { PeopleService } from '@custos/consent';
import type { MessageBus } from '@custos/messaging';
import { ifiHash, ifiOf } from '@custos/xapi';
import type pg from 'pg';

import { grantsConsent, LEARNERS, learnerMbox, learnerUsername } from './learning-records.js';

export const CHECK_TENANT = 'bench-check';

/** The principal consent builds for a signed-in person (groups and agent hashes are not used here). */
export const personPrincipal = (p: PersonViewV1): PersonPrincipalV1 => ({
  kind: 'person',
  tenantId: p.tenantId,
  personId: p.id,
  username: p.username,
  roles: p.roles,
  groupIds: [],
  agentIfiHashes: [],
});

export const authorityIfiHash = (principal: CredentialPrincipalV1): string =>
  ifiHash(ifiOf(principal.authority)!);

export interface CheckContext {
  bus: MessageBus;
  people: PeopleService;
  db: pg.Pool;
  tenantId: string;
  /** The authority of the bulk statements, and a writer of the scratch tenant. */
  benchAuthority: string;
  checkWriter: CredentialPrincipalV1;
}

type Shapes = Map<string, string>;

function differences(what: string, bulk: Shapes, real: Shapes): string[] {
  const found: string[] = [];
  for (const [key, shape] of real) {
    const other = bulk.get(key);
    if (other !== shape) found.push(`${what} ${key}:\n    bulk ${other}\n    real ${shape}`);
  }
  if (real.size === 0) found.push(`${what}: nothing was written through the real code`);
  return found;
}

/** Person, roles, linked agents, grants and the grant view rows of the given learners, by username. */
async function learnerShapes(db: pg.Pool, tenantId: string, usernames: string[]): Promise<Shapes> {
  const { rows } = await db.query<{ username: string; shape: unknown }>(
    `SELECT p.username, jsonb_build_object(
        'person', to_jsonb(p) - 'id' - 'tenant_id' - 'created_at',
        'roles', (SELECT jsonb_agg(to_jsonb(r) - 'person_id' ORDER BY r.role) FROM consent.person_role r
                   WHERE r.person_id = p.id),
        'agents', (SELECT jsonb_agg(to_jsonb(a) - 'person_id' - 'tenant_id' - 'linked_at' ORDER BY a.ifi_hash)
                     FROM consent.person_agent a WHERE a.person_id = p.id),
        'grants', (SELECT jsonb_agg(to_jsonb(g) - 'id' - 'tenant_id' - 'policy_id' - 'person_id' - 'granted_at')
                     FROM consent.consent_grant g WHERE g.person_id = p.id),
        'subjects', (SELECT jsonb_agg(to_jsonb(s) - 'tenant_id' - 'policy_id' - 'grant_id' ORDER BY s.ifi_hash)
                       FROM consent.active_grant_subject s JOIN consent.consent_grant g ON g.id = s.grant_id
                      WHERE g.person_id = p.id)) AS shape
       FROM consent.person p WHERE p.tenant_id = $1 AND p.username = ANY($2::text[])`,
    [tenantId, usernames],
  );
  return new Map(rows.map((r) => [r.username, JSON.stringify(r.shape)]));
}

/**
 * Every column of the statements, the payload without what the writer sets (`stored`,
 * `authority`), whether the `stored` column matches the payload, the rows of every table linked
 * by `statement_seq` (found in the catalogue, so a link table added later is compared too) with
 * the writer's authority hash named as such, and the definition of an activity it defines.
 */
async function statementShapes(
  db: pg.Pool,
  tenantId: string,
  ids: string[],
  authority: string,
): Promise<Shapes> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.columns
      WHERE table_schema = 'storage' AND column_name = 'statement_seq' ORDER BY 1`,
  );
  const links = tables.map(({ name }) => {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`unexpected table name ${name}`);
    return (
      `'${name}', (SELECT jsonb_agg(l.row ORDER BY l.row::text) FROM storage.${name} x` +
      ` CROSS JOIN LATERAL (SELECT to_jsonb(x) - 'statement_seq' - 'tenant_id' AS r) AS j` +
      ` CROSS JOIN LATERAL (SELECT CASE WHEN j.r->>'ifi_hash' = $3` +
      ` THEN jsonb_set(j.r, '{ifi_hash}', '"authority"') ELSE j.r END AS row) AS l` +
      ` WHERE x.statement_seq = s.seq)`
    );
  });
  const { rows } = await db.query<{ statement_id: string; shape: unknown }>(
    `SELECT s.statement_id, jsonb_build_object(
        'columns', to_jsonb(s) - 'seq' - 'tenant_id' - 'authority_credential_id' - 'stored' - 'payload',
        'payload', s.payload - 'stored' - 'authority',
        'storedMatches', s.stored = (s.payload->>'stored')::timestamptz,
        ${links.join(',\n        ')},
        'definition', CASE WHEN s.payload->'object' ? 'definition' THEN
                        (SELECT a.definition FROM storage.activity a
                          WHERE a.tenant_id = s.tenant_id AND a.activity_id = s.object_activity_id) END) AS shape
       FROM storage.statement s WHERE s.tenant_id = $1 AND s.statement_id = ANY($2::uuid[])`,
    [tenantId, ids, authority],
  );
  return new Map(rows.map((r) => [r.statement_id, JSON.stringify(r.shape)]));
}

async function checkLearners(ctx: CheckContext): Promise<string[]> {
  const { bus, people } = ctx;
  const sample = [0, 1, 2, 3, LEARNERS / 2 - 1, LEARNERS / 2, LEARNERS - 2, LEARNERS - 1];
  const admin = await people.create(CHECK_TENANT, { username: 'check-admin', roles: ['admin'], agents: [] });
  const consumer = await people.create(CHECK_TENANT, {
    username: 'check-consumer',
    roles: ['consumer'],
    agents: [],
  });
  const { policy } = await bus.request('consent.v1.policies.create', {
    principal: personPrincipal(admin),
    policy: {
      grantee: { kind: 'person', id: consumer.id },
      purpose: { code: 'tutoring', text: 'Your tutor follows your progress to help you.' },
      lawfulBasis: 'consent',
      scope: {},
      redactFields: [],
    },
  });
  for (const i of sample) {
    const learner = await people.create(CHECK_TENANT, {
      username: learnerUsername(i),
      displayName: `Learner ${i}`,
      roles: ['learner'],
      agents: [{ objectType: 'Agent', mbox: learnerMbox(i) }],
    });
    if (grantsConsent(i)) {
      await bus.request('consent.v1.grants.create', {
        principal: personPrincipal(learner),
        grant: { policyId: policy.id },
      });
    }
  }
  const usernames = sample.map(learnerUsername);
  return differences(
    'learner',
    await learnerShapes(ctx.db, ctx.tenantId, usernames),
    await learnerShapes(ctx.db, CHECK_TENANT, usernames),
  );
}

async function checkStatements(ctx: CheckContext): Promise<string[]> {
  // One statement of each verb and a spread of others, sent again as the LMS sent them.
  const { rows } = await ctx.db.query<{ payload: Record<string, unknown> }>(
    `(SELECT DISTINCT ON (verb_iri) payload FROM storage.statement WHERE tenant_id = $1 ORDER BY verb_iri, seq)
     UNION ALL
     (SELECT payload FROM storage.statement WHERE tenant_id = $1 AND seq % 9973 = 0 LIMIT 200)`,
    [ctx.tenantId],
  );
  const sent = rows.map(({ payload: { stored: _stored, authority: _authority, ...asSent } }) => asSent);
  const unique = [...new Map(sent.map((s) => [String(s.id), s])).values()];
  await ctx.bus.request('ingest.v1.statements.ingest', {
    principal: ctx.checkWriter,
    version: '2.0.0',
    body: unique,
  });
  const ids = unique.map((s) => String(s.id));
  return differences(
    'statement',
    await statementShapes(ctx.db, ctx.tenantId, ids, ctx.benchAuthority),
    await statementShapes(ctx.db, CHECK_TENANT, ids, authorityIfiHash(ctx.checkWriter)),
  );
}

export async function checkBulkRows(ctx: CheckContext): Promise<void> {
  const found = [...(await checkLearners(ctx)), ...(await checkStatements(ctx))];
  if (found.length > 0) {
    throw new Error(
      `the bulk-loaded rows differ from what consent and storage write:\n${found.slice(0, 3).join('\n')}`,
    );
  }
}
