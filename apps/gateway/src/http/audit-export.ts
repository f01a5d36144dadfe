// An export of the audit log (GET /api/v1/audit/export), written while it is paged through so the log is never
// held in memory: NDJSON (one record per line, exactly as GET /api/v1/audit/records lists it) or CSV (RFC 4180:
// a header row, CRLF line ends, a field quoted when it holds a comma, a quote or a line break, quotes doubled).
// CSV cells hold the values as stored, never altered, so the records can be re-hashed from them: JSON columns
// hold compact JSON text, an empty column is a field the record does not have, `""` an empty string.
import type { AuditExportCursorV1, AuditRecordV1, ReadAuditExportReplyV1 } from '@custos/contracts';

import { chunkWriter, type LineSink } from './export-stream.js';

export type AuditExportFormat = 'ndjson' | 'csv';

/** The CSV columns: the columns of storage.audit_record (docs/audit.md "The record"), in that order. */
const CSV_COLUMNS: readonly (readonly [string, (r: AuditRecordV1) => unknown])[] = [
  ['tenant_id', (r) => r.tenantId],
  ['seq', (r) => r.seq],
  ['at', (r) => r.at],
  ['principal_id', (r) => r.principalId],
  ['principal_kind', (r) => r.principalKind],
  ['action', (r) => r.action],
  ['resource', (r) => r.resource],
  ['query', (r) => r.query],
  ['decision', (r) => r.decision],
  ['count', (r) => r.count],
  ['reason', (r) => r.reason],
  ['returned_ids', (r) => r.returnedIds],
  ['returned_digest', (r) => r.returnedDigest],
  ['basis', (r) => r.basis],
  ['learner_keys', (r) => r.learnerKeys],
  ['request_id', (r) => r.requestId],
  ['event_id', (r) => r.eventId],
  ['prev_hash', (r) => r.prevHash],
  ['hash', (r) => r.hash],
];

/** One CSV field: nothing for an absent value, JSON text for a list or object. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const auditCsvHeader = (): string => `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;

export const auditCsvRow = (record: AuditRecordV1): string =>
  `${CSV_COLUMNS.map(([, value]) => csvField(value(record))).join(',')}\r\n`;

const line = (record: AuditRecordV1): string => `${JSON.stringify(record)}\n`;

/**
 * Pages from `first` on with `readPage`, writing each page as it arrives (waiting for the sink to drain when it is
 * full). Stops (throws) when the client goes away, so no more pages are read for nobody.
 */
export async function writeAuditExport(
  sink: LineSink,
  format: AuditExportFormat,
  first: AuditExportCursorV1,
  readPage: (cursor: AuditExportCursorV1) => Promise<ReadAuditExportReplyV1>,
): Promise<void> {
  const write = chunkWriter(sink);
  if (format === 'csv') await write(auditCsvHeader());
  const render = format === 'csv' ? auditCsvRow : line;
  let cursor: AuditExportCursorV1 | null = first;
  while (cursor) {
    const page: ReadAuditExportReplyV1 = await readPage(cursor);
    if (page.records.length > 0) await write(page.records.map(render).join(''));
    cursor = page.next;
  }
}
