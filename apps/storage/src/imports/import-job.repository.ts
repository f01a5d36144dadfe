// Every SQL statement on storage.import_job, one method each.
import type { ImportJobV1, ImportProgressV1, ImportRefusalV1 } from '@custos/contracts';
import { MAX_KEPT_REFUSALS } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

interface JobRow {
  id: string;
  tenant_id: string;
  source: string;
  started_by: string;
  state: ImportJobV1['state'];
  runner: string;
  more_url: string | null;
  consistent_through: string | null;
  pages: number;
  imported: number;
  skipped: number;
  refused: number;
  refusals: ImportRefusalV1[];
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, tenant_id, source, started_by, state, runner, more_url, consistent_through, pages, imported,
  skipped, refused, refusals, error, created_at, updated_at`;

export const jobView = (r: JobRow): ImportJobV1 => ({
  id: r.id,
  tenantId: r.tenant_id,
  source: r.source,
  startedBy: r.started_by,
  state: r.state,
  pages: r.pages,
  imported: r.imported,
  skipped: r.skipped,
  refused: r.refused,
  refusals: r.refusals,
  cursor: { more: r.more_url, consistentThrough: r.consistent_through },
  error: r.error,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** The rows of an UPDATE … RETURNING, which TypeORM's query answers as [rows, count]. */
const updated = (result: unknown): JobRow[] =>
  Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as JobRow[]) : (result as JobRow[]);

@Injectable()
export class ImportJobRepository {
  /** Serialises the starts of imports from one source into one tenant (until the transaction ends). */
  async lockSource(uow: UnitOfWork, tenantId: string, source: string): Promise<void> {
    await uow.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 16))`, [
      JSON.stringify([tenantId, source]),
    ]);
  }

  /** The newest unfinished (running or failed) job of an import from `source` into the tenant. */
  async findUnfinished(uow: UnitOfWork, tenantId: string, source: string): Promise<JobRow | undefined> {
    const rows: JobRow[] = await uow.manager.query(
      `SELECT ${COLUMNS} FROM storage.import_job
        WHERE tenant_id = $1 AND source = $2 AND state <> 'completed'
        ORDER BY created_at DESC LIMIT 1`,
      [tenantId, source],
    );
    return rows[0];
  }

  /** Gives the job to a new runner, running again. */
  async takeOver(uow: UnitOfWork, tenantId: string, id: string, runner: string): Promise<JobRow> {
    const rows = updated(
      await uow.manager.query(
        `UPDATE storage.import_job SET runner = $3, state = 'running', error = NULL, updated_at = now()
        WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [tenantId, id, runner],
      ),
    );
    return rows[0]!;
  }

  async insert(
    uow: UnitOfWork,
    job: { id: string; tenantId: string; source: string; startedBy: string; runner: string },
  ): Promise<JobRow> {
    const rows: JobRow[] = await uow.manager.query(
      `INSERT INTO storage.import_job (id, tenant_id, source, started_by, state, runner)
       VALUES ($1, $2, $3, $4, 'running', $5) RETURNING ${COLUMNS}`,
      [job.id, job.tenantId, job.source, job.startedBy, job.runner],
    );
    return rows[0]!;
  }

  /**
   * A page done (counts added, refusals kept up to {@link MAX_KEPT_REFUSALS}, cursor moved) or a change of state,
   * by the job's current runner only; undefined when another runner has taken it over.
   */
  async progress(uow: UnitOfWork, p: ImportProgressV1): Promise<JobRow | undefined> {
    const page = p.page ?? { imported: 0, skipped: 0, refusals: [] };
    const rows = updated(
      await uow.manager.query(
        `UPDATE storage.import_job
          SET pages = pages + $4, imported = imported + $5, skipped = skipped + $6, refused = refused + $7,
              refusals = CASE WHEN jsonb_array_length(refusals) >= ${MAX_KEPT_REFUSALS} THEN refusals
                              ELSE refusals || $8::jsonb END,
              more_url = $9, consistent_through = $10, state = $11, error = $12, updated_at = now()
        WHERE tenant_id = $1 AND id = $2 AND runner = $3
        RETURNING ${COLUMNS}`,
        [
          p.tenantId,
          p.id,
          p.runner,
          p.page ? 1 : 0,
          page.imported,
          page.skipped,
          page.refusals.length,
          JSON.stringify(page.refusals.slice(0, MAX_KEPT_REFUSALS)),
          p.cursor.more,
          p.cursor.consistentThrough,
          p.state,
          p.error ?? null,
        ],
      ),
    );
    return rows[0];
  }

  async find(uow: UnitOfWork, tenantId: string, id: string): Promise<JobRow | undefined> {
    const rows: JobRow[] = await uow.manager.query(
      `SELECT ${COLUMNS} FROM storage.import_job WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0];
  }

  /** The tenant's imports, newest first (the last 100). */
  async list(uow: UnitOfWork, tenantId: string): Promise<JobRow[]> {
    return uow.manager.query(
      `SELECT ${COLUMNS} FROM storage.import_job WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 100`,
      [tenantId],
    );
  }
}
