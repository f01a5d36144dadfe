// Imported writes (docs/flows.md "Import from another LRS"): statements another LRS stored, validated here exactly
// as a POST's (libs/xapi), one by one so that an invalid statement is refused by name and the rest go on. Each
// keeps its id and authority; `stored` becomes this LRS's (xAPI 2.0 Data §2.4.8), the source's goes to storage
// as provenance with the source and the import.
import { randomUUID } from 'node:crypto';

import {
  type AttachmentPartV1,
  DomainError,
  type ImportedWriteV1,
  type ImportOutcomeV1,
  type ImportRefusalV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { statementsIngested } from '@custos/telemetry';
import { enrichStatement, type Statement, validateStatements, type XapiVersion } from '@custos/xapi';
import { Injectable } from '@nestjs/common';

import { checkAttachments } from '../attachments.js';

/** The validation rules a source statement is held to: those of the xAPI version it says it follows. */
export const versionOf = (statement: Record<string, unknown>): XapiVersion =>
  typeof statement.version === 'string' && statement.version.startsWith('2.') ? '2.0.0' : '1.0.3';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The SHA-2s of a statement's attachments, its SubStatement's included. */
function sha2sOf(statement: Statement): string[] {
  const object = statement.object;
  const all = [
    ...(statement.attachments ?? []),
    ...(object.objectType === 'SubStatement' ? (object.attachments ?? []) : []),
  ];
  return all.map((a) => a.sha2.toLowerCase());
}

/** One statement checked: valid, with the attachment parts it needs, or refused with the reason. */
export async function checkImported(
  raw: unknown,
  parts: ReadonlyMap<string, AttachmentPartV1>,
): Promise<{ statement: Statement; version: XapiVersion; parts: AttachmentPartV1[] } | ImportRefusalV1> {
  if (!isObject(raw)) return { id: null, reason: 'not a statement object' };
  const id = typeof raw.id === 'string' ? raw.id.toLowerCase() : null;
  if (id === null) return { id: null, reason: 'the statement has no id' };
  if (!isObject(raw.authority)) return { id, reason: 'the statement has no authority' };
  const version = versionOf(raw);
  const result = validateStatements(raw, version);
  if (!result.ok) {
    const first = result.errors[0]!;
    return { id, reason: `invalid statement: ${first.path}: ${first.message}` };
  }
  const statement = result.statements[0]!;
  const own = sha2sOf(statement).flatMap((sha2) => {
    const part = parts.get(sha2);
    return part ? [part] : [];
  });
  try {
    const checked = await checkAttachments(
      [statement],
      [...new Map(own.map((p) => [p.sha2, p])).values()],
      version,
    );
    return { statement, version, parts: checked };
  } catch (err) {
    if (err instanceof DomainError && err.status < 500) return { id, reason: err.message };
    throw err;
  }
}

const isRefusal = (x: object): x is ImportRefusalV1 => 'reason' in x;

@Injectable()
export class ImportedWriteService {
  constructor(private readonly bus: MessageBus) {}

  /** Validates, enriches and stores an imported batch; invalid statements are refused, never the batch. */
  async write(write: ImportedWriteV1): Promise<ImportOutcomeV1> {
    const parts = new Map((write.attachments ?? []).map((p) => [p.sha2.toLowerCase(), p]));
    const refused: ImportRefusalV1[] = [];
    const seen = new Set<string>();
    const stored = new Date().toISOString();
    const accepted: { statement: Record<string, unknown>; originalStored: string | null }[] = [];
    const carried = new Map<string, AttachmentPartV1>();
    for (const raw of write.statements) {
      const checked = await checkImported(raw, parts);
      if (isRefusal(checked)) {
        refused.push(checked);
        continue;
      }
      const { statement, version } = checked;
      const id = statement.id!.toLowerCase();
      if (seen.has(id)) {
        refused.push({ id, reason: 'the statement appears more than once in the batch' });
        continue;
      }
      seen.add(id);
      for (const part of checked.parts) carried.set(part.sha2, part);
      const enriched = enrichStatement(statement, {
        id,
        stored,
        authority: statement.authority as NonNullable<Statement['authority']>,
        version,
        newId: randomUUID,
      });
      const originalStored = typeof statement.stored === 'string' ? statement.stored : null;
      accepted.push({ statement: enriched as unknown as Record<string, unknown>, originalStored });
    }
    if (accepted.length === 0) return { imported: [], skipped: [], refused };
    const reply = await this.bus.request('storage.v1.statements.import', {
      tenantId: write.tenantId,
      importedBy: write.importedBy,
      source: write.source,
      importId: write.importId,
      batchId: write.batchId ?? randomUUID(),
      statements: accepted,
      ...(carried.size > 0 ? { attachments: [...carried.values()] } : {}),
    });
    statementsIngested.inc(reply.imported.length);
    return { ...reply, refused: [...refused, ...reply.refused] };
  }
}
