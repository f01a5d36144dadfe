import { abilityWithoutPolicies, importsOf } from '@custos/authz';
import {
  ForbiddenError,
  type ImportStatementsV1,
  type PrincipalV1,
  principalIdOf,
  type StartImportV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ImportJobsService } from '../imports/import-jobs.service.js';
import { ImportedWriteService } from '../imports/imported-write.service.js';

/** Only a person who may manage the tenant's imports (its admins) imports into it. */
function mayImport(principal: PrincipalV1, tenantId: string): void {
  if (
    principal.kind !== 'person' ||
    principal.tenantId !== tenantId ||
    !abilityWithoutPolicies(principal).can('manage', importsOf(tenantId))
  ) {
    throw new ForbiddenError('this principal may not import statements into this tenant');
  }
}

/** ingest.v1.statements.import and ingest.v1.imports.start: imports asked for by an admin of the tenant. */
@Injectable()
export class ImportStatementsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly imported: ImportedWriteService,
    private readonly jobs: ImportJobsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('ingest.v1.statements.import', ({ principal, write }: ImportStatementsV1) => {
      mayImport(principal, write.tenantId);
      return this.imported.write({
        ...write,
        importedBy: { principalId: principalIdOf(principal), principalKind: principal.kind },
      });
    });
    // POST /api/v1/imports: the job begins (or resumes) now and runs on in this part; the admin follows it.
    this.bus.serve('ingest.v1.imports.start', async ({ principal, body }: StartImportV1) => {
      mayImport(principal, principal.tenantId);
      const { job, done } = await this.jobs.start({
        tenantId: principal.tenantId,
        ...body,
        importedBy: { principalId: principalIdOf(principal), principalKind: principal.kind },
      });
      // The job row says how it ended (its state and error); the run logs it too.
      done.catch(() => undefined);
      return { job };
    });
  }
}
