// A learner data export as NDJSON (one JSON value per line), written while it is paged through, so the whole
// export is never held in memory: the statements, the data of their attachments, the State and Agent Profile
// documents, and an `end` line with the counts. A reader that finds no `end` line knows the export broke off.
import { once } from 'node:events';

import type { ExportCursorV1, ReadExportReplyV1 } from '@custos/contracts';

import type { SubjectAccessLine } from './subject-access.js';

export type ExportLine =
  | { type: 'statement'; statement: Record<string, unknown> }
  | { type: 'attachment'; attachment: ReadExportReplyV1['attachments'][number] }
  | { type: 'document'; document: ReadExportReplyV1['documents'][number] }
  | SubjectAccessLine
  | {
      type: 'end';
      statements: number;
      documents: number;
      attachments: number;
      /** A learner's own export (the subject-access answer): how many of each further line it holds. */
      accessRules?: number;
      receipts?: number;
      accessLog?: number;
    };

/** Where the lines go: an HTTP response, or anything with the same writable surface. */
export interface LineSink {
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
}

/**
 * A writer of text to `sink` that waits for the sink to drain when it is full, and throws once the client has gone
 * (so no more pages are read for nobody). Shared by every streamed export.
 */
export function chunkWriter(sink: LineSink): (chunk: string) => Promise<void> {
  const closed = new AbortController();
  sink.once('close', () => closed.abort());
  return async (chunk) => {
    if (closed.signal.aborted || sink.destroyed) throw new Error('the client closed the export');
    if (!sink.write(chunk)) {
      await once(sink as unknown as NodeJS.EventEmitter, 'drain', { signal: closed.signal });
    }
  };
}

/**
 * Pages from `first` on with `readPage` and writes each line as the page arrives, waiting for the sink to drain
 * when it is full. Stops (throws) when the sink closes early, so no more pages are read for nobody.
 */
export async function writeExport(
  sink: LineSink,
  first: ExportCursorV1,
  readPage: (cursor: ExportCursorV1) => Promise<ReadExportReplyV1>,
  /** Lines after the records (a learner's own export: the rest of the subject-access answer), counted in `end`. */
  more?: AsyncIterable<SubjectAccessLine>,
): Promise<void> {
  const writeChunk = chunkWriter(sink);
  const write = (line: ExportLine): Promise<void> => writeChunk(`${JSON.stringify(line)}\n`);
  const counts = { statements: 0, documents: 0, attachments: 0 };
  // The same data may come with statements of several pages; it is written once.
  const written = new Set<string>();
  let cursor: ExportCursorV1 | null = first;
  while (cursor) {
    const page = await readPage(cursor);
    for (const statement of page.statements) {
      await write({ type: 'statement', statement });
      counts.statements += 1;
    }
    for (const attachment of page.attachments) {
      if (written.has(attachment.sha2)) continue;
      written.add(attachment.sha2);
      await write({ type: 'attachment', attachment });
      counts.attachments += 1;
    }
    for (const document of page.documents) {
      await write({ type: 'document', document });
      counts.documents += 1;
    }
    cursor = page.next;
  }
  if (!more) {
    await write({ type: 'end', ...counts });
    return;
  }
  const answer = { accessRules: 0, receipts: 0, accessLog: 0 };
  for await (const line of more) {
    await write(line);
    if (line.type === 'access-rule') answer.accessRules += 1;
    else if (line.type === 'receipt') answer.receipts += 1;
    else if (line.type === 'access') answer.accessLog += 1;
  }
  await write({ type: 'end', ...counts, ...answer });
}
