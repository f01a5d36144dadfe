import { createHash } from 'node:crypto';

import { BadRequestError } from '@custos/contracts';
import { ifiHash } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { heldIdentifierHashes } from './held-agent.js';

describe('heldIdentifierHashes', () => {
  it('holds an mbox under both of its forms, so a statement naming either is kept', () => {
    const sha1 = createHash('sha1').update('mailto:ann@example.com').digest('hex');
    expect(heldIdentifierHashes({ mbox: 'mailto:ann@EXAMPLE.com' })).toEqual([
      ifiHash('mbox:mailto:ann@example.com'),
      ifiHash(`mbox_sha1sum:${sha1}`),
    ]);
  });

  it('holds an account by its one identifier', () => {
    expect(heldIdentifierHashes({ account: { homePage: 'https://lms.example', name: 'ann' } })).toEqual([
      ifiHash('account:https://lms.example|ann'),
    ]);
  });

  it.each([[{}], [{ mbox: 'ann@example.com' }], ['ann'], [{ objectType: 'Group', member: [] }]])(
    'refuses %j with a 400 naming the field',
    (agent) => {
      expect(() => heldIdentifierHashes(agent)).toThrow(BadRequestError);
      try {
        heldIdentifierHashes(agent);
      } catch (err) {
        expect((err as BadRequestError).errors?.[0]?.path).toMatch(/^agent/);
      }
    },
  );
});
