import { describe, expect, it } from 'vitest';

import { XAPI_SCOPES, isXapiScope, mayDefineActivities, parseScopes } from './scopes.js';

describe('isXapiScope', () => {
  it.each(XAPI_SCOPES)('accepts %s', (scope) => {
    expect(isXapiScope(scope)).toBe(true);
  });

  it.each(['', 'ALL', 'statements/read ', 'statements', 'statements/read/theirs', 'toString', 42, null])(
    'rejects %j',
    (value) => {
      expect(isXapiScope(value)).toBe(false);
    },
  );
});

describe('parseScopes', () => {
  it('keeps first-seen order and drops duplicates', () => {
    expect(parseScopes(['statements/read/mine', 'state', 'statements/read/mine'])).toEqual([
      'statements/read/mine',
      'state',
    ]);
  });

  it('accepts an empty list', () => {
    expect(parseScopes([])).toEqual([]);
  });

  it('names the unknown scope', () => {
    expect(() => parseScopes(['all', 'statements/delete'])).toThrow(
      /Unknown xAPI scope "statements\/delete"/,
    );
  });
});

describe('mayDefineActivities', () => {
  it.each([
    [['define'], true],
    [['all'], true],
    [['statements/write', 'define'], true],
    [['statements/write'], false],
    [['statements/read', 'all/read'], false],
    [[], false],
  ])('%j → %s', (scopes, expected) => {
    expect(mayDefineActivities(scopes)).toBe(expected);
  });
});
