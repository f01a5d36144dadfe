// The read of a forwarding batch (docs/flows.md "Forwarding"): exactly the batch's statements, voided or not, that
// the grantee's access lets through and the target's filter keeps; values only as parameters.
import { type AccessFilter, SqlParams } from '@custos/authz';
import type { StatementQueryV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { notHeldSql } from './held.js';
import { planStatementRead } from './read-plan.js';
import { retainedSql } from './retention.js';

const RETAINED = `${retainedSql('s')} AND ${notHeldSql('s')}`;
const access: AccessFilter = { field: 'tenantId', op: 'eq', value: 't1' };
const ID1 = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ID2 = '7d5b9e8e-1f3a-4c47-9a53-3f0e2f1b6a10';

const plan = (q: Partial<StatementQueryV1>) => {
  const params = new SqlParams();
  const tenant = params.add('t1');
  const sql = planStatementRead(
    { relatedActivities: false, relatedAgents: false, limit: 0, ascending: true, ...q },
    access,
    params,
    tenant,
    501,
  );
  return { sql, params: params.values.slice(1) };
};

describe('the forwarded read', () => {
  it('reads the batch by id under the access filter, voided statements included', () => {
    const { sql, params } = plan({ statementIds: [ID1, ID2.toUpperCase()] });
    expect(sql).toBe(`((s.tenant_id = $2) AND ${RETAINED}) AND s.statement_id = ANY($3::uuid[])`);
    expect(params).toEqual(['t1', [ID1, ID2]]);
    expect(sql).not.toContain('is_voided');
  });

  it('drops what is not a statement id, so a malformed id cannot fail the read', () => {
    expect(plan({ statementIds: [ID1, 'not-a-uuid'] }).params).toEqual(['t1', [ID1]]);
  });

  it('narrows by the target filter: verbs, activity prefixes (LIKE-escaped), registrations', () => {
    const { sql, params } = plan({
      statementIds: [ID1],
      forwardFilter: {
        verbs: ['http://adlnet.gov/expapi/verbs/completed'],
        activityPrefixes: ['https://courses.example/100%_off/'],
        registrations: [ID2],
      },
    });
    expect(sql).toContain('s.verb_iri = ANY($4::text[])');
    expect(sql).toContain('s.object_activity_id LIKE ANY($5::text[])');
    expect(sql).toContain('s.registration = ANY($6::uuid[])');
    expect(params.slice(2)).toEqual([
      ['http://adlnet.gov/expapi/verbs/completed'],
      ['https://courses.example/100\\%\\_off/%'],
      [ID2],
    ]);
  });

  it('ignores empty filter lists: an absent or empty list does not narrow', () => {
    const { sql } = plan({ statementIds: [ID1], forwardFilter: { verbs: [], activityPrefixes: [] } });
    expect(sql).toBe(`((s.tenant_id = $2) AND ${RETAINED}) AND s.statement_id = ANY($3::uuid[])`);
  });
});
