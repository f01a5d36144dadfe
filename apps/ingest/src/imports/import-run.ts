// The paging of an import (docs/flows.md "Import from another LRS"), apart from HTTP and the bus so that its
// resume rules are unit-tested: start from the job's cursor (the source's `more`, or the first page), and after
// every page write its statements, then the cursor that follows it (the next page is already being read). A process killed between the two writes the
// page again on resume, which the imported write's idempotence makes harmless (its statements are skipped).
import type { AttachmentPartV1, ImportOutcomeV1, ImportProgressV1, ImportRefusalV1 } from '@custos/contracts';

import type { SourcePage, SourceStatement } from './source-lrs.js';

export interface ImportCursor {
  more: string | null;
  consistentThrough: string | null;
}

/** What one run needs: the source, the imported write, and the job row. */
export interface ImportRunDeps {
  firstPage: () => string;
  resolve: (more: string) => string;
  page: (url: string) => Promise<SourcePage>;
  voided: (id: string) => Promise<SourceStatement | null>;
  write: (statements: unknown[], attachments: AttachmentPartV1[]) => Promise<ImportOutcomeV1>;
  /** Saves the job's progress; false when another runner has taken the job over. */
  progress: (progress: Pick<ImportProgressV1, 'page' | 'cursor' | 'state' | 'error'>) => Promise<boolean>;
  /** Aborted: the run stops after the page under way (the process is shutting down). */
  signal?: AbortSignal;
}

export type ImportRunEnd = 'completed' | 'taken-over' | 'aborted';

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

/** Voided statements asked of the source at once. */
const VOIDED_AT_ONCE = 8;

/**
 * The statements a page's voiding statements void, when the page does not carry them. GET /statements never
 * returns a voided statement (xAPI 2.0 Communication §2.1.3), so they are fetched one by one by voidedStatementId.
 */
export function voidedTargetsOf(statements: readonly unknown[]): string[] {
  const ids = new Set<string>();
  const targets = new Set<string>();
  for (const s of statements) {
    const statement = s as {
      id?: unknown;
      verb?: { id?: unknown };
      object?: { objectType?: unknown; id?: unknown };
    };
    if (typeof statement?.id === 'string') ids.add(statement.id.toLowerCase());
    if (
      statement?.verb?.id === VOIDED &&
      statement.object?.objectType === 'StatementRef' &&
      typeof statement.object.id === 'string'
    ) {
      targets.add(statement.object.id.toLowerCase());
    }
  }
  return [...targets].filter((id) => !ids.has(id));
}

/** Runs an import from `cursor` until the source has no more pages, the job is taken over, or `signal` aborts. */
export async function runImport(cursor: ImportCursor, deps: ImportRunDeps): Promise<ImportRunEnd> {
  let current = cursor;
  try {
    if (deps.signal?.aborted) return 'aborted';
    let pending = deps.page(current.more !== null ? deps.resolve(current.more) : deps.firstPage());
    for (;;) {
      const page = await pending;
      // The next page is read from the source while this one is written (its failure waits for its turn).
      if (page.more !== null && !deps.signal?.aborted) {
        pending = deps.page(deps.resolve(page.more));
        pending.catch(() => undefined);
      }
      const statements = [...page.statements];
      const attachments = [...page.attachments];
      const targets = voidedTargetsOf(page.statements);
      for (let i = 0; i < targets.length; i += VOIDED_AT_ONCE) {
        const found = await Promise.all(targets.slice(i, i + VOIDED_AT_ONCE).map((id) => deps.voided(id)));
        for (const target of found) {
          if (!target) continue; // the source does not serve it (erased there, or not readable with this key)
          statements.push(target.statement);
          attachments.push(...target.attachments);
        }
      }
      const outcome = await deps.write(statements, attachments);
      const refusals: ImportRefusalV1[] = outcome.refused;
      const next: ImportCursor = {
        more: page.more,
        // A source that does not send the header keeps the last one known.
        consistentThrough: page.consistentThrough ?? current.consistentThrough,
      };
      const done = next.more === null;
      const stillCurrent = await deps.progress({
        page: { imported: outcome.imported.length, skipped: outcome.skipped.length, refusals },
        cursor: next,
        state: done ? 'completed' : 'running',
      });
      if (!stillCurrent) return 'taken-over';
      if (done) return 'completed';
      current = next;
      if (deps.signal?.aborted) return 'aborted';
    }
  } catch (err) {
    // The cursor stays at the last page written: a new start resumes from there.
    await deps
      .progress({ cursor: current, state: 'failed', error: (err as Error).message.slice(0, 2000) })
      .catch(() => false);
    throw err;
  }
}
