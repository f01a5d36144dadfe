import { describe, expect, it } from 'vitest';

import { nulInUrl } from './unstorable-params.js';

describe('nulInUrl', () => {
  it('names the parameter, the path, or nothing', () => {
    expect(nulInUrl('/xapi/activities/state?activityId=x&stateId=a%00b')).toBe('the stateId parameter');
    expect(nulInUrl('/api/v1/policies/a%00/history')).toBe('the request path');
    expect(nulInUrl('/xapi/statements?a%00=1')).toBe('a query parameter name');
    expect(nulInUrl('/xapi/statements?verb=http%3A%2F%2Fexample.org%2F00')).toBeUndefined();
  });
});
