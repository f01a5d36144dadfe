// Import jobs' rows (docs/flows.md "Import from another LRS"): ingest runs an import and reports each page here;
// admins follow it. Counts and refused ids only: no statement content is kept in a job.
import { randomUUID } from 'node:crypto';

import { abilityWithoutPolicies, importsOf } from '@custos/authz';
import {
  type BeginImportReplyV1,
  type BeginImportV1,
  ForbiddenError,
  type GetImportV1,
  type ImportJobReplyV1,
  type ImportProgressReplyV1,
  type ImportProgressV1,
  type ListImportsReplyV1,
  type ListImportsV1,
  NotFoundError,
  type PrincipalV1,
} from '@custos/contracts';
import { UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { STORAGE_UNITS } from '../core/index.js';
import { ImportJobRepository, jobView } from './import-job.repository.js';

@Injectable()
export class ImportJobsService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly jobs: ImportJobRepository,
  ) {}

  /** The unfinished job of this source resumed (taken over by a new runner), or a new one. */
  async begin(request: BeginImportV1): Promise<BeginImportReplyV1> {
    const runner = randomUUID();
    return this.units.run(async (uow) => {
      await this.jobs.lockSource(uow, request.tenantId, request.source);
      const unfinished = await this.jobs.findUnfinished(uow, request.tenantId, request.source);
      if (unfinished) {
        const job = await this.jobs.takeOver(uow, request.tenantId, unfinished.id, runner);
        return { job: jobView(job), runner, resumed: true };
      }
      const job = await this.jobs.insert(uow, { id: randomUUID(), ...request, runner });
      return { job: jobView(job), runner, resumed: false };
    });
  }

  async progress(request: ImportProgressV1): Promise<ImportProgressReplyV1> {
    const job = await this.units.run((uow) => this.jobs.progress(uow, request));
    return job ? { current: true, job: jobView(job) } : { current: false };
  }

  async get({ principal, id }: GetImportV1): Promise<ImportJobReplyV1> {
    this.allowed(principal);
    const job = await this.units.run((uow) => this.jobs.find(uow, principal.tenantId, id));
    if (!job) throw new NotFoundError('no such import');
    return { job: jobView(job) };
  }

  async list({ principal }: ListImportsV1): Promise<ListImportsReplyV1> {
    this.allowed(principal);
    const jobs = await this.units.run((uow) => this.jobs.list(uow, principal.tenantId));
    return { jobs: jobs.map(jobView) };
  }

  private allowed(principal: PrincipalV1): void {
    if (!abilityWithoutPolicies(principal).can('manage', importsOf(principal.tenantId))) {
      throw new ForbiddenError("only the tenant's admins follow its imports");
    }
  }
}
