// RFC 2046 §5.1 multipart parsing and writing, with the xAPI Communication §1.5.2 example.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { MultipartError, parseContentType, parseMultipart, writeMultipart } from './multipart.js';

// The boundary of the spec's example: every character class a boundary may use.
const SPEC_BOUNDARY = "abcABC0123'()+_,-./:=?";

const specExample = (nl: string) =>
  Buffer.from(
    [
      `--${SPEC_BOUNDARY}`,
      'Content-Type:application/json',
      '',
      '{"actor":{"mbox":"mailto:sample.agent@example.com"}}',
      `--${SPEC_BOUNDARY}`,
      'Content-Type:text/plain',
      'Content-Transfer-Encoding:binary',
      'X-Experience-API-Hash:495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a',
      '',
      'here is a simple attachment',
      `--${SPEC_BOUNDARY}--`,
    ].join(nl),
  );

describe('parseContentType', () => {
  it('reads a quoted boundary with the characters the xAPI example uses', () => {
    const type = parseContentType(`multipart/mixed; boundary="${SPEC_BOUNDARY}"`);
    expect(type.mediaType).toBe('multipart/mixed');
    expect(type.params.get('boundary')).toBe(SPEC_BOUNDARY);
  });

  it('reads token values, lowercases names and media type, keeps other parameters', () => {
    const type = parseContentType('Multipart/Mixed; charset=utf-8; BOUNDARY=abc123');
    expect(type.mediaType).toBe('multipart/mixed');
    expect(type.params.get('boundary')).toBe('abc123');
    expect(type.params.get('charset')).toBe('utf-8');
  });

  it('gives an empty media type for a missing header', () => {
    expect(parseContentType(undefined).mediaType).toBe('');
  });
});

describe('parseMultipart', () => {
  it('parses the Communication §1.5.2 example with CRLF line ends', () => {
    const parts = parseMultipart(specExample('\r\n'), SPEC_BOUNDARY);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(parts[0]!.body.toString())).toEqual({
      actor: { mbox: 'mailto:sample.agent@example.com' },
    });
    expect(parts[1]!.headers.get('x-experience-api-hash')).toBe(
      '495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a',
    );
    expect(parts[1]!.body.toString()).toBe('here is a simple attachment');
  });

  it('reads a body written with bare LF line ends the same way', () => {
    const parts = parseMultipart(specExample('\n'), SPEC_BOUNDARY);
    expect(parts.map((p) => p.body.toString())).toEqual(
      parseMultipart(specExample('\r\n'), SPEC_BOUNDARY).map((p) => p.body.toString()),
    );
  });

  it('ignores the preamble and the epilogue, and accepts padding after a boundary', () => {
    const body = Buffer.from(
      'preamble text\r\n--b  \r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\nepilogue',
    );
    const parts = parseMultipart(body, 'b');
    expect(parts.map((p) => p.body.toString())).toEqual(['one', 'two']);
    expect(parts[1]!.headers.size).toBe(0);
  });

  it('keeps binary bytes exactly, CR, LF and dashes included', () => {
    const binary = Buffer.concat([randomBytes(4096), Buffer.from('\r\n--\r\n\r\n--x'), randomBytes(17)]);
    const body = writeMultipart(
      [
        { headers: { 'Content-Type': 'application/json' }, body: Buffer.from('[]') },
        {
          headers: { 'Content-Type': 'application/octet-stream', 'X-Experience-API-Hash': 'h' },
          body: binary,
        },
      ],
      'boundary-1',
    );
    const parts = parseMultipart(body, 'boundary-1');
    expect(parts[1]!.body.equals(binary)).toBe(true);
    expect(parts[1]!.headers.get('x-experience-api-hash')).toBe('h');
  });

  it('joins folded header lines', () => {
    const body = Buffer.from('--b\r\nContent-Type: text/plain;\r\n charset=utf-8\r\n\r\nx\r\n--b--');
    expect(parseMultipart(body, 'b')[0]!.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it.each([
    ['no boundary in the body', Buffer.from('{"a":1}'), 'b', /does not contain the multipart boundary/],
    [
      'no closing boundary',
      Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nx'),
      'b',
      /ends before its closing/,
    ],
    [
      'a header line without a colon',
      Buffer.from('--b\r\nnot a header\r\n\r\nx\r\n--b--'),
      'b',
      /malformed header/,
    ],
    ['an empty boundary', Buffer.from('--\r\n\r\n'), '', /boundary is missing/],
  ])('rejects a body with %s', (_name, body, boundary, message) => {
    expect(() => parseMultipart(body, boundary)).toThrow(MultipartError);
    expect(() => parseMultipart(body, boundary)).toThrow(message);
  });
});

describe('writeMultipart', () => {
  it('writes CRLF delimiters and a closing boundary', () => {
    const body = writeMultipart(
      [{ headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('hi') }],
      'xyz',
    );
    expect(body.toString()).toBe('--xyz\r\nContent-Type: text/plain\r\n\r\nhi\r\n--xyz--\r\n');
  });

  it('refuses a header value with a line break (no header injection)', () => {
    expect(() =>
      writeMultipart(
        [{ headers: { 'Content-Type': 'text/plain\r\nX-Evil: 1' }, body: Buffer.from('') }],
        'b',
      ),
    ).toThrow(MultipartError);
  });
});
