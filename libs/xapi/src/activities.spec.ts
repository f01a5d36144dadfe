import { describe, expect, it } from 'vitest';

import { servedActivityDefinition } from './activities.js';

describe('servedActivityDefinition', () => {
  it('is undefined when neither statements nor a define client defined the Activity', () => {
    expect(servedActivityDefinition([], undefined)).toBeUndefined();
  });

  it('merges the readable statements oldest first, keeping every language', () => {
    expect(
      servedActivityDefinition(
        [
          { name: { en: 'Unit 3' }, type: 'http://example.org/old' },
          { name: { fr: 'Unité 3' }, type: 'http://example.org/new' },
        ],
        undefined,
      ),
    ).toEqual({ name: { en: 'Unit 3', fr: 'Unité 3' }, type: 'http://example.org/new' });
  });

  it('lets the canonical definition of a define client win over what statements carried', () => {
    expect(
      servedActivityDefinition(
        [{ name: { en: 'learner title', de: 'Titel' }, moreInfo: 'http://example.org/info' }],
        { name: { en: 'Essay' }, type: 'http://example.org/essay' },
      ),
    ).toEqual({
      name: { en: 'Essay', de: 'Titel' },
      moreInfo: 'http://example.org/info',
      type: 'http://example.org/essay',
    });
  });

  it('serves the canonical definition alone to a caller who may read no statement', () => {
    expect(servedActivityDefinition([], { type: 'http://example.org/essay' })).toEqual({
      type: 'http://example.org/essay',
    });
  });
});
