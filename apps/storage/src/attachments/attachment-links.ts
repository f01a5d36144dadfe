// xAPI 2.0 Data §2.4.11 — which stored statements reference which attachment data. A statement
// is linked to the data its own request carried, for its attachments and its SubStatement's, so
// a read hands out attachment bytes only with a statement that came with them.

interface StatementPayload {
  statementId: string;
  payload: Record<string, unknown>;
}

export interface AttachmentLink {
  statementId: string;
  sha2: string;
}

const sha2sOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((a) => {
        const sha2 = (a as { sha2?: unknown } | null)?.sha2;
        return typeof sha2 === 'string' ? [sha2.toLowerCase()] : [];
      })
    : [];

/** One link per (statement, sha2) for the attachments whose data is among `received`. */
export function attachmentLinks(
  statements: StatementPayload[],
  received: ReadonlySet<string>,
): AttachmentLink[] {
  if (received.size === 0) return [];
  return statements.flatMap(({ statementId, payload }) => {
    const object = payload.object as { objectType?: unknown; attachments?: unknown } | undefined;
    const nested = object?.objectType === 'SubStatement' ? sha2sOf(object.attachments) : [];
    const referenced = new Set([...sha2sOf(payload.attachments), ...nested]);
    return [...referenced].filter((sha2) => received.has(sha2)).map((sha2) => ({ statementId, sha2 }));
  });
}
