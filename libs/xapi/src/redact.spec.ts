// DESIGN "Access model", fields to redact — removal of statement parts (xAPI 2.0 Data §2.4).
import { describe, expect, it } from 'vitest';

import { isRedactableStatementField, redactStatement } from './redact.js';
import type { Statement } from './types.js';

const statement = {
  id: '00000000-0000-4000-8000-000000000001',
  actor: { mbox: 'mailto:ana@example.org' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: { id: 'https://example.org/a' },
  result: { response: 'secret', score: { scaled: 1 } },
  context: { extensions: { 'https://example.org/x': 1 } },
  attachments: [],
} as unknown as Statement;

describe('redactStatement', () => {
  it('removes the given parts, drops a result or context left empty, and leaves the input untouched', () => {
    const copy = structuredClone(statement);
    expect(redactStatement(statement, ['result.response', 'context.extensions', 'attachments'])).toEqual({
      id: statement.id,
      actor: statement.actor,
      verb: statement.verb,
      object: statement.object,
      result: { score: { scaled: 1 } },
    });
    expect(statement).toEqual(copy);
  });

  it('is the identity without fields, and ignores parts the statement does not have', () => {
    expect(redactStatement(statement, [])).toBe(statement);
    const bare = { ...statement, result: undefined, context: undefined } as unknown as Statement;
    expect(redactStatement(bare, ['result.response'])).toEqual(bare);
  });

  it('accepts only the fixed list of paths', () => {
    expect(isRedactableStatementField('result.response')).toBe(true);
    for (const p of ['actor', 'result', 'id', 'result.response.x', 'object.id']) {
      expect(isRedactableStatementField(p)).toBe(false);
    }
  });
});
