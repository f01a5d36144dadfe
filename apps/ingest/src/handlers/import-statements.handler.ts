import { abilityWithoutPolicies, importsOf } from '@custos/authz';
import { ForbiddenError, type ImportStatementsV1, principalIdOf } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ImportedWriteService } from '../imports/imported-write.service.js';

/** ingest.v1.statements.import: an imported write asked for by a principal who may manage the tenant's imports. */
@Injectable()
export class ImportStatementsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly imported: ImportedWriteService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('ingest.v1.statements.import', ({ principal, write }: ImportStatementsV1) => {
      if (
        principal.kind !== 'person' ||
        principal.tenantId !== write.tenantId ||
        !abilityWithoutPolicies(principal).can('manage', importsOf(write.tenantId))
      ) {
        throw new ForbiddenError('this principal may not import statements into this tenant');
      }
      return this.imported.write({
        ...write,
        importedBy: { principalId: principalIdOf(principal), principalKind: principal.kind },
      });
    });
  }
}
