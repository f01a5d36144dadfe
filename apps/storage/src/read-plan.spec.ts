import type { StatementQueryV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { statementQueryConditions } from './read-plan.js';

const base: StatementQueryV1 = {
  relatedActivities: false,
  relatedAgents: false,
  limit: 10,
  ascending: false,
};

describe('statementQueryConditions', () => {
  it('hides voided statements from ordinary queries', () => {
    expect(statementQueryConditions(base, 1)).toEqual({ sql: 'NOT s.is_voided', params: [] });
  });

  it('finds only voided statements by voidedStatementId', () => {
    const { sql, params } = statementQueryConditions({ ...base, voidedStatementId: 'abc' }, 3);
    expect(sql).toBe('s.statement_id = $3 AND s.is_voided');
    expect(params).toEqual(['abc']);
  });

  it('matches the agent as actor or object unless related_agents widens it', () => {
    const direct = statementQueryConditions({ ...base, agentIfiHash: 'h' }, 1);
    expect(direct.sql).toContain('a.ifi_hash = $1 AND a.direct');
    const related = statementQueryConditions({ ...base, agentIfiHash: 'h', relatedAgents: true }, 1);
    expect(related.sql).not.toContain('a.direct');
  });

  it('numbers parameters from the given index and keeps values out of the SQL', () => {
    const { sql, params } = statementQueryConditions(
      { ...base, verb: "x' OR 1=1 --", registration: 'r', since: 's', until: 'u', afterSeq: '42' },
      5,
    );
    expect(sql).toBe(
      'NOT s.is_voided AND s.verb_iri = $5 AND s.registration = $6 AND s.stored > $7 AND s.stored <= $8 AND s.seq < $9',
    );
    expect(params).toEqual(["x' OR 1=1 --", 'r', 's', 'u', '42']);
  });

  it('pages forwards when ascending', () => {
    expect(statementQueryConditions({ ...base, ascending: true, afterSeq: '7' }, 1).sql).toContain(
      's.seq > $1',
    );
  });
});
