import type { ImportProgressV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { type ImportCursor, type ImportRunDeps, runImport, voidedTargetsOf } from './import-run.js';
import { readAnswer, SourceLrs } from './source-lrs.js';

const VOIDED = { id: 'http://adlnet.gov/expapi/verbs/voided' };
const s = (id: string, extra: Record<string, unknown> = {}) => ({ id, ...extra });

/** A source of `pages` (ids), linked by `more` = the next page's index; the job row kept in `saved`. */
function fakeSource(pages: string[][], opts: { failAt?: number } = {}) {
  const fetched: string[] = [];
  const written: string[][] = [];
  const saved: Pick<ImportProgressV1, 'page' | 'cursor' | 'state' | 'error'>[] = [];
  const deps: ImportRunDeps = {
    firstPage: () => 'page:0',
    resolve: (more) => `page:${more}`,
    page: async (url) => {
      fetched.push(url);
      const n = Number(url.slice('page:'.length));
      if (n === opts.failAt) throw new Error('the source answered 503');
      return {
        statements: pages[n]!.map((id) => s(id)),
        attachments: [],
        more: n + 1 < pages.length ? String(n + 1) : null,
        consistentThrough: `ct${n}`,
      };
    },
    voided: async (id) => ({ statement: s(id), attachments: [] }),
    write: async (statements) => {
      written.push(statements.map((x) => (x as { id: string }).id));
      return { imported: statements.map((x) => (x as { id: string }).id), skipped: [], refused: [] };
    },
    progress: async (p) => {
      saved.push(p);
      return true;
    },
  };
  return { deps, fetched, written, saved };
}

describe('runImport', () => {
  it('starts from the first page, saves the cursor after every page, and completes on the last', async () => {
    const { deps, fetched, saved } = fakeSource([['a', 'b'], ['c'], ['d']]);
    expect(await runImport({ more: null, consistentThrough: null }, deps)).toBe('completed');
    expect(fetched).toEqual(['page:0', 'page:1', 'page:2']);
    expect(saved.map((p) => [p.cursor.more, p.state, p.page?.imported])).toEqual([
      ['1', 'running', 2],
      ['2', 'running', 1],
      [null, 'completed', 1],
    ]);
    expect(saved.at(-1)!.cursor.consistentThrough).toBe('ct2');
  });

  it('resumes from the saved cursor, and a failure leaves the cursor at the last page written', async () => {
    const first = fakeSource([['a'], ['b'], ['c'], ['d']], { failAt: 2 });
    await expect(runImport({ more: null, consistentThrough: null }, first.deps)).rejects.toThrow('503');
    const failed = first.saved.at(-1)!;
    expect(failed).toMatchObject({
      state: 'failed',
      cursor: { more: '2' },
      error: 'the source answered 503',
    });

    const again = fakeSource([['a'], ['b'], ['c'], ['d']]);
    const cursor: ImportCursor = failed.cursor;
    expect(await runImport(cursor, again.deps)).toBe('completed');
    expect(again.fetched).toEqual(['page:2', 'page:3']);
    expect(again.written).toEqual([['c'], ['d']]);
  });

  it('stops when another runner took the job over, and after the page under way when aborted', async () => {
    const taken = fakeSource([['a'], ['b'], ['c']]);
    taken.deps.progress = async () => false;
    expect(await runImport({ more: null, consistentThrough: null }, taken.deps)).toBe('taken-over');
    expect(taken.written).toEqual([['a']]);

    const stopping = new AbortController();
    const aborted = fakeSource([['a'], ['b'], ['c']]);
    const write = aborted.deps.write;
    aborted.deps.write = async (st, at) => {
      stopping.abort();
      return write(st, at);
    };
    aborted.deps.signal = stopping.signal;
    expect(await runImport({ more: null, consistentThrough: null }, aborted.deps)).toBe('aborted');
    expect(aborted.saved.map((p) => p.cursor.more)).toEqual(['1']);
  });

  it('fetches the statements a page voids when the page does not carry them', async () => {
    const voiding = s('v1', { verb: VOIDED, object: { objectType: 'StatementRef', id: 'T1' } });
    const both = s('v2', { verb: VOIDED, object: { objectType: 'StatementRef', id: 'x' } });
    expect(voidedTargetsOf([voiding, both, s('x')])).toEqual(['t1']);
    const src = fakeSource([['unused']]);
    src.deps.page = async () => ({
      statements: [voiding],
      attachments: [],
      more: null,
      consistentThrough: null,
    });
    await runImport({ more: null, consistentThrough: null }, src.deps);
    expect(src.written).toEqual([['v1', 't1']]);
  });
});

describe('SourceLrs', () => {
  it('pages oldest first with attachments, and follows `more` only on the source origin', () => {
    const source = new SourceLrs('https://old.example/lrs/xapi/', 'k', 's');
    expect(source.source).toBe('https://old.example/lrs/xapi');
    expect(source.firstPage()).toBe(
      'https://old.example/lrs/xapi/statements?ascending=true&attachments=true&limit=500',
    );
    expect(source.resolve('/lrs/xapi/statements?more=abc')).toBe(
      'https://old.example/lrs/xapi/statements?more=abc',
    );
    expect(() => source.resolve('https://elsewhere.example/steal')).toThrow(/another origin/);
    expect(() => new SourceLrs('ftp://old.example/xapi', 'k', 's')).toThrow(/http/);
  });

  it('reads a multipart answer: the statement result, then the attachment parts by their real hash', () => {
    const body = Buffer.from(
      '--b\r\nContent-Type: application/json\r\n\r\n{"statements":[],"more":""}\r\n' +
        '--b\r\nContent-Type: text/plain\r\nX-Experience-API-Hash: 00\r\nContent-Transfer-Encoding: binary\r\n\r\nhello\r\n' +
        '--b--\r\n',
    );
    const { json, attachments } = readAnswer('multipart/mixed; boundary=b', body);
    expect(json).toEqual({ statements: [], more: '' });
    expect(attachments).toEqual([
      {
        sha2: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
        contentType: 'text/plain',
        content: Buffer.from('hello').toString('base64'),
      },
    ]);
  });
});
