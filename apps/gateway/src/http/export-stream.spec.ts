import { EventEmitter } from 'node:events';

import type { ExportCursorV1, ReadExportReplyV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { writeExport } from './export-stream.js';

/** A sink like an HTTP response: full after `capacity` writes until it drains. */
class Sink extends EventEmitter {
  readonly lines: unknown[] = [];
  destroyed = false;
  constructor(private readonly capacity = Infinity) {
    super();
  }
  write(chunk: string): boolean {
    this.lines.push(JSON.parse(chunk));
    return this.lines.length % this.capacity !== 0;
  }
}

const cursor = (part: 'statements' | 'documents', after: string): ExportCursorV1 => ({
  part,
  after,
  throughSeq: '99',
  throughDocumentId: '9',
});
const attachment = { sha2: 'a'.repeat(64), contentType: 'text/plain', content: 'eA==' };
const document = {
  kind: 'state' as const,
  stateId: 's',
  contentType: 'text/plain',
  updated: '2026-01-01T00:00:00.000Z',
  encoding: 'base64' as const,
  content: 'eA==',
};
const pages: Record<string, ReadExportReplyV1> = {
  'statements:0': {
    statements: [{ id: '1' }, { id: '2' }],
    attachments: [attachment],
    documents: [],
    next: cursor('statements', '2'),
  },
  'statements:2': {
    statements: [{ id: '3' }],
    attachments: [attachment],
    documents: [],
    next: cursor('documents', '0'),
  },
  'documents:0': { statements: [], attachments: [], documents: [document], next: null },
};
const readPage = (c: ExportCursorV1) => Promise.resolve(pages[`${c.part}:${c.after}`]!);

describe('writeExport', () => {
  it('writes every page as lines, each attachment once, and ends with the counts', async () => {
    const sink = new Sink();
    await writeExport(sink, cursor('statements', '0'), readPage);
    expect(sink.lines).toEqual([
      { type: 'statement', statement: { id: '1' } },
      { type: 'statement', statement: { id: '2' } },
      { type: 'attachment', attachment },
      { type: 'statement', statement: { id: '3' } },
      { type: 'document', document },
      { type: 'end', statements: 3, documents: 1, attachments: 1 },
    ]);
  });

  it('waits for the sink to drain when it is full', async () => {
    const sink = new Sink(2);
    let drained = 0;
    const timer = setInterval(() => {
      drained += 1;
      sink.emit('drain');
    }, 5);
    try {
      await writeExport(sink, cursor('statements', '0'), readPage);
    } finally {
      clearInterval(timer);
    }
    expect(sink.lines).toHaveLength(6);
    expect(drained).toBeGreaterThanOrEqual(3);
  });

  it('stops reading pages once the client has gone', async () => {
    const sink = new Sink(1);
    const asked: string[] = [];
    const result = writeExport(sink, cursor('statements', '0'), (c) => {
      asked.push(`${c.part}:${c.after}`);
      return readPage(c);
    });
    sink.destroyed = true;
    sink.emit('close');
    await expect(result).rejects.toThrow();
    expect(asked).toEqual(['statements:0']);
  });
});
