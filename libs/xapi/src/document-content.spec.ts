// xAPI 1.0.3 Communication §2.2 (JSON procedure) and IEEE 9274.1.1 §4.1.6 — document bodies and the merge.

import { describe, expect, it } from 'vitest';

import {
  checkDocumentBody,
  DocumentContentError,
  isJsonMediaType,
  mergeDocumentObjects,
  mergeJsonDocuments,
  parseJsonObjectDocument,
} from './document-content.js';

const json = (value: unknown) => ({
  contentType: 'application/json',
  content: Buffer.from(JSON.stringify(value), 'utf8'),
});

describe('isJsonMediaType', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    [' application/json ', true],
    ['application/json-patch+json', false],
    ['text/plain', false],
    [undefined, false],
  ])('%s → %s', (type, expected) => {
    expect(isJsonMediaType(type)).toBe(expected);
  });
});

describe('mergeJsonDocuments', () => {
  it('merges the top-level properties, the posted value winning (the example of §2.2)', () => {
    const merged = mergeJsonDocuments(json({ x: 'foo', y: 'bar' }), json({ x: 'bash', z: 'faz' }));
    expect(JSON.parse(merged.toString('utf8'))).toEqual({ x: 'bash', y: 'bar', z: 'faz' });
  });

  it('replaces an Object-valued property whole instead of merging it recursively', () => {
    const merged = mergeJsonDocuments(json({ a: { b: 1, c: 2 } }), json({ a: { d: 3 } }));
    expect(JSON.parse(merged.toString('utf8'))).toEqual({ a: { d: 3 } });
  });

  it.each([
    [
      'the posted document is not application/json',
      json({ a: 1 }),
      { ...json({ b: 1 }), contentType: 'text/plain' },
    ],
    [
      'the stored document is not application/json',
      { ...json({ a: 1 }), contentType: 'application/octet-stream' },
      json({ b: 1 }),
    ],
    ['the posted document is a JSON array', json({ a: 1 }), json([1, 2])],
    ['the stored document is a JSON string', json('text'), json({ b: 1 })],
    [
      'the posted document is not JSON',
      json({ a: 1 }),
      { contentType: 'application/json', content: Buffer.from('{"a":') },
    ],
    [
      'the posted document is not UTF-8',
      json({ a: 1 }),
      { contentType: 'application/json', content: Buffer.from([0x7b, 0xff, 0x7d]) },
    ],
  ])('refuses when %s', (_, existing, posted) => {
    expect(() => mergeJsonDocuments(existing, posted)).toThrow(DocumentContentError);
  });

  it('keeps a "__proto__" key as a plain property', () => {
    const posted = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const merged = mergeDocumentObjects({ a: 1 }, posted);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(JSON.stringify(merged)).toBe('{"a":1,"__proto__":{"polluted":true}}');
  });
});

describe('parseJsonObjectDocument', () => {
  it('accepts an Object and nothing else', () => {
    expect(parseJsonObjectDocument(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    expect(parseJsonObjectDocument(Buffer.from('null'))).toBeUndefined();
    expect(parseJsonObjectDocument(Buffer.from('[]'))).toBeUndefined();
  });
});

describe('checkDocumentBody', () => {
  it('stores any non-JSON type as arbitrary bytes', () => {
    expect(() => checkDocumentBody('POST', 'image/png', Buffer.from([0, 1, 255]))).not.toThrow();
    expect(() => checkDocumentBody('PUT', 'application/octet-stream', Buffer.from('{'))).not.toThrow();
  });

  it('requires an application/json body to be JSON', () => {
    expect(() => checkDocumentBody('PUT', 'application/json', Buffer.from('{'))).toThrow(/not valid JSON/);
    expect(() => checkDocumentBody('PUT', 'application/json', Buffer.from('[1]'))).not.toThrow();
  });

  it('requires a POSTed application/json body to be a JSON Object', () => {
    expect(() => checkDocumentBody('POST', 'application/json', Buffer.from('[1]'))).toThrow(/JSON Object/);
    expect(() => checkDocumentBody('POST', 'application/json', Buffer.from('{"a":1}'))).not.toThrow();
  });
});
