import { describe, expect, it } from 'vitest';

import { encodeCheckpointPosition, parseCheckpointParams } from './checkpoint-params.js';

describe('GET /api/v1/audit/checkpoints parameters', () => {
  it('defaults to the newest 100 first', () => {
    expect(parseCheckpointParams({})).toEqual({ order: 'desc', limit: 100 });
  });

  it('continues after the `next` of an earlier page', () => {
    const after = encodeCheckpointPosition({ seq: '42', kind: 'retention-start' });
    expect(parseCheckpointParams({ after, order: 'asc', limit: '5' })).toEqual({
      order: 'asc',
      limit: 5,
      after: { seq: '42', kind: 'retention-start' },
    });
  });

  it.each([
    [{ order: 'up' }, 'order'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '1001' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ after: '42' }, 'after'],
    [{ after: "1:periodic' OR 1=1" }, 'after'],
    [{ tenant: 'other' }, 'tenant'],
  ])('answers 400 naming the bad parameter in %j', (params, name) => {
    let thrown: unknown;
    try {
      parseCheckpointParams(params);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ status: 400, errors: [{ path: name }] });
  });
});
