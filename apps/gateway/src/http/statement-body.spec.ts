// xAPI 2.0 Communication §1.5.2 — the transport checks of a multipart/mixed statements body.
import { createHash } from 'node:crypto';

import { BadRequestError } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { writeMultipart } from './multipart.js';
import { parseStatementMultipart } from './statement-body.js';

const sha = (alg: string, data: Buffer | string) => createHash(alg).update(data).digest('hex');
const statements = { actor: { mbox: 'mailto:a@example.org' } };
const json = {
  headers: { 'Content-Type': 'application/json' },
  body: Buffer.from(JSON.stringify(statements)),
};
const part = (data: string, headers: Record<string, string> = {}) => ({
  headers: {
    'Content-Type': 'text/plain',
    'Content-Transfer-Encoding': 'binary',
    'X-Experience-API-Hash': sha('sha256', data),
    ...headers,
  },
  body: Buffer.from(data),
});
const parse = (parts: { headers: Record<string, string>; body: Buffer }[]) =>
  parseStatementMultipart(writeMultipart(parts, 'bnd'), 'bnd');

describe('parseStatementMultipart', () => {
  it('returns the statements and each attachment part, base64, keyed by its hash', () => {
    const result = parse([json, part('hello'), part('world', { 'Content-Type': 'image/png' })]);
    expect(result.body).toEqual(statements);
    expect(result.attachments).toEqual([
      {
        sha2: sha('sha256', 'hello'),
        contentType: 'text/plain',
        content: Buffer.from('hello').toString('base64'),
      },
      {
        sha2: sha('sha256', 'world'),
        contentType: 'image/png',
        content: Buffer.from('world').toString('base64'),
      },
    ]);
  });

  it('accepts SHA-384 and SHA-512 hashes and upper-case hex', () => {
    const result = parse([
      json,
      part('a', { 'X-Experience-API-Hash': sha('sha384', 'a') }),
      part('b', { 'X-Experience-API-Hash': sha('sha512', 'b').toUpperCase() }),
    ]);
    expect(result.attachments!.map((a) => a.sha2)).toEqual([sha('sha384', 'a'), sha('sha512', 'b')]);
  });

  it('keeps one copy of data sent twice', () => {
    expect(parse([json, part('same'), part('same')]).attachments).toHaveLength(1);
  });

  it('accepts a body with the statements only', () => {
    expect(parse([json]).attachments).toEqual([]);
  });

  it.each([
    [
      'a hash that does not match the data',
      [json, part('data', { 'X-Experience-API-Hash': sha('sha256', 'other') })],
      /does not match its X-Experience-API-Hash/,
    ],
    [
      'a part without X-Experience-API-Hash',
      [json, { headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('x') }],
      /no X-Experience-API-Hash/,
    ],
    ['a hash that is not SHA-2 hex', [json, part('x', { 'X-Experience-API-Hash': 'abc' })], /hex SHA-256/],
    [
      'a base64 transfer encoding',
      [json, part('x', { 'Content-Transfer-Encoding': 'base64' })],
      /must be binary/,
    ],
    ['a first part that is not JSON', [part('x'), json], /first part .* must be application\/json/],
    [
      'a statements part that does not parse',
      [{ headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{') }],
      /not valid JSON/,
    ],
  ])('rejects %s with 400', (_name, parts, message) => {
    expect(() => parse(parts)).toThrow(BadRequestError);
    expect(() => parse(parts)).toThrow(message);
  });

  it('rejects a body that is not multipart with 400', () => {
    expect(() => parseStatementMultipart(Buffer.from('{}'), 'bnd')).toThrow(/malformed multipart/);
  });
});
