import { SqlParams } from '@custos/authz';
import { describe, expect, it } from 'vitest';

import { documentAddressConditions } from './document-plan.js';

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

const conditions = (address: Parameters<typeof documentAddressConditions>[0], first: number) => {
  const { result, params } = at(first, (p) => documentAddressConditions(address, p));
  return { sql: result, params };
};

const HASH = 'a'.repeat(64);
const REG = 'e05aa883-acaf-40ad-bf54-02c8ce485fb0';

describe('documentAddressConditions', () => {
  it('pins one State document, "no registration" included', () => {
    expect(conditions({ activityId: 'https://x/a', agentIfiHash: HASH, documentId: 'bookmark' }, 3)).toEqual({
      sql: 'storage.text_key(d.activity_id) = storage.text_key($3) AND d.agent_ifi_hash = $4 AND d.registration IS NULL AND storage.text_key(d.document_id) = storage.text_key($5)',
      params: ['https://x/a', HASH, 'bookmark'],
    });
  });

  it('covers every registration of a State context when none is given', () => {
    expect(conditions({ activityId: 'https://x/a', agentIfiHash: HASH }, 1)).toEqual({
      sql: 'storage.text_key(d.activity_id) = storage.text_key($1) AND d.agent_ifi_hash = $2',
      params: ['https://x/a', HASH],
    });
    expect(conditions({ activityId: 'https://x/a', agentIfiHash: HASH, registration: REG }, 1)).toEqual({
      sql: 'storage.text_key(d.activity_id) = storage.text_key($1) AND d.agent_ifi_hash = $2 AND d.registration = $3',
      params: ['https://x/a', HASH, REG],
    });
  });

  it('addresses profiles by their one owner', () => {
    expect(conditions({ agentIfiHash: HASH, documentId: 'p' }, 2)).toEqual({
      sql: 'storage.text_key(d.activity_id) IS NULL AND d.agent_ifi_hash = $2 AND d.registration IS NULL AND storage.text_key(d.document_id) = storage.text_key($3)',
      params: [HASH, 'p'],
    });
    expect(conditions({ activityId: 'https://x/a' }, 2)).toEqual({
      sql: 'storage.text_key(d.activity_id) = storage.text_key($2) AND d.agent_ifi_hash IS NULL',
      params: ['https://x/a'],
    });
  });
});
