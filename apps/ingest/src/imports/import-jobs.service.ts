// Import jobs (docs/flows.md "Import from another LRS"): ingest reads the source LRS page by page, validates and
// writes each page as an imported write, and reports each page to storage, which keeps the job's row.
import { randomUUID } from 'node:crypto';

import type { ImportedByV1, ImportJobV1, ImportProgressV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { LOGGER } from '@custos/platform';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';

import { type ImportRunEnd, runImport } from './import-run.js';
import { ImportedWriteService } from './imported-write.service.js';
import { SourceLrs } from './source-lrs.js';

export interface StartImport {
  tenantId: string;
  from: string;
  key: string;
  secret: string;
  importedBy: ImportedByV1;
  /** Called with the job after every page (the CLI prints progress). */
  onProgress?: (job: ImportJobV1) => void;
  /** For tests: how the source is fetched. */
  fetchImpl?: typeof fetch;
}

@Injectable()
export class ImportJobsService implements OnModuleDestroy {
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly bus: MessageBus,
    private readonly imported: ImportedWriteService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Begins (or resumes) the import and returns its job at once, with `done`: the run, settled when the source has
   * no more pages (the job completed), another runner took it over, or it failed (the job says why).
   */
  async start(
    request: StartImport,
  ): Promise<{ job: ImportJobV1; resumed: boolean; done: Promise<ImportJobV1> }> {
    const source = new SourceLrs(request.from, request.key, request.secret, request.fetchImpl);
    const begun = await this.bus.request('storage.v1.imports.begin', {
      tenantId: request.tenantId,
      source: source.source,
      startedBy: request.importedBy.principalId,
    });
    let job = begun.job;
    const progress = async (p: Pick<ImportProgressV1, 'page' | 'cursor' | 'state' | 'error'>) => {
      const reply = await this.bus.request('storage.v1.imports.progress', {
        tenantId: request.tenantId,
        id: job.id,
        runner: begun.runner,
        ...p,
      });
      if (reply.job) {
        job = reply.job;
        request.onProgress?.(job);
      }
      return reply.current;
    };
    const run = runImport(job.cursor, {
      firstPage: () => source.firstPage(),
      resolve: (more) => source.resolve(more),
      page: (url) => source.page(url),
      voided: (id) => source.voided(id),
      write: (statements, attachments) =>
        this.imported.write({
          tenantId: request.tenantId,
          importedBy: request.importedBy,
          source: source.source,
          importId: job.id,
          statements,
          attachments,
          batchId: randomUUID(),
        }),
      progress,
      signal: this.stopping.signal,
    });
    const done = run.then(
      (end: ImportRunEnd) => {
        // Counts and ids only: no statement content or learner identifier in logs.
        this.logger.info(
          { importId: job.id, end, pages: job.pages, imported: job.imported },
          'import run ended',
        );
        return job;
      },
      (err: unknown) => {
        this.logger.warn(
          { importId: job.id, err: (err as Error).message },
          'import failed; it resumes on a new start',
        );
        throw err;
      },
    );
    const tracked = done.catch(() => undefined);
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
    return { job, resumed: begun.resumed, done };
  }

  /** Shutting down: runs stop after the page under way (their jobs resume on a new start). */
  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.running);
  }
}
