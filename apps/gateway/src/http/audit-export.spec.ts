import { PassThrough } from 'node:stream';

import type { AuditExportCursorV1, AuditRecordV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { auditCsvHeader, auditCsvRow, csvField, writeAuditExport } from './audit-export.js';

const record = (seq: string, overrides: Partial<AuditRecordV1> = {}): AuditRecordV1 => ({
  tenantId: 't1',
  seq,
  at: '2026-11-27T10:00:00.000Z',
  principalId: 'c1',
  action: 'statements.read',
  query: { verb: 'http://x/y', limit: 10 },
  decision: 'allow',
  count: 2,
  reason: null,
  prevHash: 'a',
  hash: 'b',
  ...overrides,
});

describe('CSV of audit records', () => {
  it.each([
    [undefined, ''],
    [null, ''],
    ['', '""'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [42, '42'],
    [{ a: 'b,c' }, '"{""a"":""b,c""}"'],
    [['k1', 'k2'], '"[""k1"",""k2""]"'],
  ])('writes %j as %s', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('has one column per stored column, in the documented order', () => {
    expect(auditCsvHeader()).toBe(
      'tenant_id,seq,at,principal_id,principal_kind,action,resource,query,decision,count,reason,returned_ids,' +
        'returned_digest,basis,learner_keys,request_id,event_id,prev_hash,hash\r\n',
    );
    expect(auditCsvRow(record('3', { learnerKeys: ['k'] }))).toBe(
      't1,3,2026-11-27T10:00:00.000Z,c1,,statements.read,,"{""verb"":""http://x/y"",""limit"":10}",allow,2,,,,,' +
        '"[""k""]",,,a,b\r\n',
    );
  });
});

describe('writeAuditExport', () => {
  const first: AuditExportCursorV1 = { filter: {}, order: 'desc', throughSeq: '3' };
  const pages = (cursor: AuditExportCursorV1) =>
    Promise.resolve(
      cursor.position === undefined
        ? { records: [record('3'), record('2')], next: { ...cursor, position: '2' } }
        : { records: [record('1')], next: null },
    );

  async function written(format: 'ndjson' | 'csv'): Promise<string> {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    await writeAuditExport(sink, format, first, pages);
    sink.end();
    return Buffer.concat(chunks).toString('utf8');
  }

  it('writes every page as NDJSON, one record per line', async () => {
    const lines = (await written('ndjson')).trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as AuditRecordV1).seq)).toEqual(['3', '2', '1']);
  });

  it('writes a header row, then one CSV row per record', async () => {
    const rows = (await written('csv')).split('\r\n');
    expect(rows[0]).toBe(auditCsvHeader().trimEnd());
    expect(rows.slice(1, 4).map((r) => r.split(',')[1])).toEqual(['3', '2', '1']);
  });

  it('stops reading pages when the client has gone', async () => {
    const sink = new PassThrough();
    sink.destroy();
    let read = 0;
    await expect(
      writeAuditExport(sink, 'ndjson', first, (c) => {
        read += 1;
        return pages(c);
      }),
    ).rejects.toThrow(/closed/);
    expect(read).toBeLessThanOrEqual(1);
  });
});
