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

  it('removes the same parts from a SubStatement object (Data §2.4.4.3), wherever they occur', () => {
    const sub = {
      objectType: 'SubStatement',
      actor: { mbox: 'mailto:bob@example.org' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
      object: { id: 'https://example.org/q' },
      result: { response: 'inner secret', score: { raw: 3 } },
      context: { platform: 'lms', instructor: { mbox: 'mailto:tutor@example.org' } },
      attachments: [{ usageType: 'u', display: {}, contentType: 'text/plain', length: 1, sha2: 'ab' }],
    };
    const outer = { ...statement, object: sub } as unknown as Statement;
    const copy = structuredClone(outer);
    const redacted = redactStatement(outer, [
      'result.response',
      'result.score',
      'context.platform',
      'attachments',
    ]) as unknown as Record<string, unknown>;
    expect(redacted.object).toEqual({
      objectType: 'SubStatement',
      actor: sub.actor,
      verb: sub.verb,
      object: sub.object,
      context: { instructor: sub.context.instructor },
    });
    expect(redacted).not.toHaveProperty('result');
    expect(redacted).not.toHaveProperty('attachments');
    expect(outer).toEqual(copy);
    // Not a SubStatement: an object is never touched.
    const agentObject = { ...statement, object: { objectType: 'Agent', mbox: 'mailto:x@example.org' } };
    expect(redactStatement(agentObject as unknown as Statement, ['result.response']).object).toEqual(
      agentObject.object,
    );
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
