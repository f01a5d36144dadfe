import { describe, expect, it } from 'vitest';

import { itemsShown } from './items';

describe('items of an access-log entry', () => {
  it('shows a count when the entry has one', () => {
    expect(itemsShown(3)).toEqual({ kind: 'count', count: 3 });
  });

  it('shows nothing for an access that touched no items', () => {
    expect(itemsShown(0)).toEqual({ kind: 'none' });
  });

  it('says the number is not shown when the entry has no count (a read that also covered others)', () => {
    expect(itemsShown(undefined)).toEqual({ kind: 'hidden' });
    expect(itemsShown(null)).toEqual({ kind: 'hidden' });
  });
});
