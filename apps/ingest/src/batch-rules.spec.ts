import { describe, expect, it } from 'vitest';

import { checkBatchIds } from './batch-rules.js';

describe('checkBatchIds', () => {
  it('accepts distinct and missing ids', () => {
    expect(() => checkBatchIds([{ id: 'a' }, {}, { id: 'b' }, {}])).not.toThrow();
  });

  it('rejects an id repeated in any letter case', () => {
    expect(() =>
      checkBatchIds([
        { id: 'AAAAAAAA-0000-4000-8000-000000000000' },
        { id: 'aaaaaaaa-0000-4000-8000-000000000000' },
      ]),
    ).toThrow(/more than once/);
  });
});
