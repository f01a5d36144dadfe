import { type AccessFilter, SqlParams } from '@custos/authz';
import type { StatementQueryV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { grantedPolicyIdsOf } from './consent-access-columns.js';
import { notHeldSql } from './held.js';
import { planStatementRead } from './read-plan.js';
import { retainedSql } from './retention.js';

/** What every read ANDs to a statement's access test (retention.ts, held.ts). */
const RETAINED = `${retainedSql('s')} AND ${notHeldSql('s')}`;

/** `part` compiled into a statement that already has `first - 1` parameters: what it returns and the values it added. */
function at<T>(
  first: number,
  part: (params: SqlParams, leading: string[]) => T,
): { result: T; params: unknown[] } {
  const params = new SqlParams();
  const leading = Array.from({ length: first - 1 }, (_, i) => params.add(`leading ${i + 1}`));
  const result = part(params, leading);
  return { result, params: params.values.slice(first - 1) };
}

/** The plan after the caller's tenant ($1): its WHERE text and its own parameters. */
const plan = (
  q: StatementQueryV1,
  access: AccessFilter,
  first: number,
  limit: number,
  fromGrants = false,
) => {
  const { result, params } = at(first, (p, [tenant]) =>
    planStatementRead(q, access, p, tenant!, limit, fromGrants),
  );
  return { sql: result, params };
};

const base: StatementQueryV1 = {
  relatedActivities: false,
  relatedAgents: false,
  limit: 10,
  ascending: false,
};
const tenantOnly: AccessFilter = { field: 'tenantId', op: 'eq', value: 't1' };
const mine: AccessFilter = {
  and: [
    { field: 'tenantId', op: 'eq', value: 't1' },
    { field: 'authorityCredentialId', op: 'eq', value: 'c1' },
  ],
};

describe('planStatementRead', () => {
  it('puts the access filter first and hides voided statements from ordinary queries', () => {
    expect(plan(base, tenantOnly, 2, 11)).toEqual({
      sql: `((s.tenant_id = $2) AND ${RETAINED}) AND NOT s.is_voided`,
      params: ['t1'],
    });
  });

  it('finds only voided statements by voidedStatementId, and only readable ones', () => {
    const { sql, params } = plan({ ...base, voidedStatementId: 'abc' }, mine, 2, 11);
    expect(sql).toBe(
      `(((s.tenant_id = $2 AND s.authority_credential_id = $3)) AND ${RETAINED}) AND s.statement_id = $4 AND s.is_voided`,
    );
    expect(params).toEqual(['t1', 'c1', 'abc']);
  });

  it('matches the agent as actor or object unless related_agents widens it', () => {
    expect(plan({ ...base, agentIfiHash: 'h' }, tenantOnly, 2, 11).sql).toContain(
      'a.ifi_hash = $3 AND a.direct',
    );
    expect(plan({ ...base, agentIfiHash: 'h', relatedAgents: true }, tenantOnly, 2, 11).sql).not.toContain(
      'a.direct',
    );
  });

  it('lets a statement match through the statements it targets, under the same access filter', () => {
    const { sql, params } = plan({ ...base, verb: 'v' }, mine, 2, 11);
    expect(sql).toContain('storage.text_key(s.verb_iri) = storage.text_key($4)');
    expect(sql).toContain('WITH RECURSIVE refs');
    expect(sql).toContain('(t.tenant_id = $5 AND t.authority_credential_id = $6)');
    expect(sql).toContain('storage.text_key(t.verb_iri) = storage.text_key($7)');
    expect(params).toEqual(['t1', 'c1', 'v', 't1', 'c1', 'v']);
  });

  // Communication §2.1.3: the page is the newest `limit` of the union of the two branches, each a page of its
  // own (an OR of the two would leave PostgreSQL only a walk of the whole tenant).
  it('reads a filtered page as the union of two pages: the matches and the statements that target one', () => {
    const { sql } = plan({ ...base, agentIfiHash: 'h', since: 'x' }, tenantOnly, 2, 11);
    // (The rules' own criteria, inside the retention test, are the only ORs: they choose no branch.)
    expect(sql.replaceAll(RETAINED, '').replaceAll(retainedSql('t'), '')).not.toMatch(/\bOR\b/);
    const branches = sql.match(/\(SELECT s\.seq FROM storage\.statement s WHERE s\.tenant_id = \$1 AND /g);
    expect(branches).toHaveLength(2);
    expect(sql.match(/ORDER BY s\.seq DESC LIMIT 11\)/g)).toHaveLength(2);
    expect(sql).toContain(' UNION ALL ');
    // Time filters and the access filter belong to each branch's own statement, never to the target alone.
    expect(
      sql.split(`(s.tenant_id = $2) AND ${RETAINED}) AND NOT s.is_voided AND s.stored > $3`),
    ).toHaveLength(3);
    expect(
      plan({ ...base, agentIfiHash: 'h', ascending: true }, tenantOnly, 2, 5).sql.match(
        /ORDER BY s\.seq ASC LIMIT 5\)/g,
      ),
    ).toHaveLength(2);
  });

  // docs/privacy-operations.md "Retention": a statement past retention is unreadable, and cannot make another match.
  it('hides statements past retention on every branch, the StatementRef targets included', () => {
    const { sql } = plan({ ...base, verb: 'v' }, tenantOnly, 2, 11);
    expect(sql.split(RETAINED).length - 1).toBe(2);
    expect(sql).toContain(retainedSql('t'));
    expect(plan({ ...base, statementId: 'abc' }, tenantOnly, 2, 11).sql).toContain(RETAINED);
  });

  // DESIGN "Access model" (self access) and ADR 0003: a data-subject condition is an EXISTS on the agent
  // links of each statement it is compiled for — the page's (s) and every StatementRef target's (t).
  it('compiles a learner’s data-subject condition as an EXISTS for both the statement and its targets', () => {
    const learner: AccessFilter = {
      and: [
        { field: 'tenantId', op: 'eq', value: 't1' },
        { field: 'subjectIfiHashes', op: 'in', value: ['h1', 'h2'] },
      ],
    };
    const { sql, params } = plan({ ...base, verb: 'v' }, learner, 2, 11);
    expect(sql).toContain(
      '(s.tenant_id = $2 AND EXISTS (SELECT 1 FROM storage.statement_agent sa WHERE sa.statement_seq = s.seq' +
        ' AND sa.tenant_id = s.tenant_id AND sa.is_subject AND sa.ifi_hash = ANY($3)))',
    );
    expect(sql).toContain(
      '(t.tenant_id = $5 AND EXISTS (SELECT 1 FROM storage.statement_agent sa WHERE sa.statement_seq = t.seq' +
        ' AND sa.tenant_id = t.tenant_id AND sa.is_subject AND sa.ifi_hash = ANY($6)))',
    );
    expect(params).toEqual(['t1', ['h1', 'h2'], 'v', 't1', ['h1', 'h2'], 'v']);
  });

  it('applies time and paging filters to the statement itself and keeps values out of the SQL', () => {
    const { sql, params } = plan(
      { ...base, registration: "x' OR 1=1 --", since: 's', until: 'u', afterSeq: '42' },
      tenantOnly,
      2,
      11,
    );
    expect(sql).toMatch(/s\.stored > \$\d+ AND s\.stored <= \$\d+ AND s\.seq < \$\d+ AND /);
    expect(sql).not.toContain("x'");
    expect(params).toContain("x' OR 1=1 --");
  });

  it('pages forwards when ascending', () => {
    expect(plan({ ...base, ascending: true, afterSeq: '7' }, tenantOnly, 2, 11).sql).toContain('s.seq > $3');
  });

  // A consumer with few grants: the planner may start from the grant holders' statements only if the grant test
  // reads the narrowing from its own row of the statement (gs), linked to the page's row by seq alone.
  describe('fromGrants', () => {
    const consent: AccessFilter = {
      and: [
        { field: 'tenantId', op: 'eq', value: 't1' },
        { field: 'grantedPolicyIds', op: 'in', value: ['p1'] },
      ],
    };
    const grantSide =
      /JOIN storage\.statement gs ON gs\.seq = sg\.statement_seq WHERE .*? AND \(g\.verbs IS NULL OR gs\.verb_iri = ANY\(g\.verbs\)\)/g;

    it('is written for the page’s own statements only, with every value a parameter', () => {
      const { sql, params } = plan(base, consent, 2, 11, true);
      expect(sql.match(grantSide)).toHaveLength(1);
      expect(sql).not.toContain(' OR s.verb_iri = ANY(g.verbs)');
      expect(params).toEqual(['t1', ['p1']]);
    });

    it('leaves the branch of statements that target a match, and its targets, as they were', () => {
      const { sql, params } = plan({ ...base, verb: 'v' }, consent, 2, 11, true);
      expect(sql.match(grantSide)).toHaveLength(1);
      expect(sql).toContain(' OR s.verb_iri = ANY(g.verbs)');
      expect(sql).toContain('t.verb_iri = ANY(g.verbs)');
      expect(params).toEqual(['t1', ['p1'], 'v', 't1', ['p1'], 'v', 't1', ['p1']]);
    });

    it('changes nothing without it', () => {
      expect(plan({ ...base, verb: 'v' }, consent, 2, 11).sql).not.toContain(' gs ');
    });
  });
});

describe('grantedPolicyIdsOf', () => {
  it('collects the policies of every grant condition, under and, or and not', () => {
    const filter: AccessFilter = {
      or: [
        {
          and: [
            { field: 'tenantId', op: 'eq', value: 't1' },
            { field: 'grantedPolicyIds', op: 'in', value: ['p1', 'p2'] },
          ],
        },
        { not: { field: 'grantedPolicyIds', op: 'eq', value: 'p3' } },
        { field: 'objectedPolicyIds', op: 'nin', value: ['p4'] },
      ],
    };
    expect(grantedPolicyIdsOf(filter)).toEqual(['p1', 'p2', 'p3']);
    expect(grantedPolicyIdsOf(tenantOnly)).toEqual([]);
  });
});
