// Write purposes: what a credential bound to a policy's purpose may store about learners without a basis under it
// (reject, hold, pseudonymise), and the release and drop of held statements (docs/privacy-operations.md).
import { Module } from '@nestjs/common';

import { AuditModule, auditKeysFrom } from '../audit/index.js';
import { STORAGE_OPTIONS, type StorageModuleOptions } from '../core/index.js';
import { SealingModule } from '../sealing/index.js';
import { HeldReleasesHandler } from './held-releases.handler.js';
import { HeldSchedule } from './held-schedule.js';
import { WRITE_PURPOSE_KEYS, writePurposeKeysFrom } from './write-purpose-keys.js';
import { WRITE_PURPOSE_OPTIONS, type WritePurposeOptions } from './write-purpose-options.js';
import { WritePurposeRepository } from './write-purpose.repository.js';
import { WritePurposesService } from './write-purposes.service.js';

@Module({
  imports: [AuditModule, SealingModule],
  providers: [
    {
      provide: WRITE_PURPOSE_KEYS,
      useFactory: (options: StorageModuleOptions) =>
        writePurposeKeysFrom(auditKeysFrom(options.audit).pseudonymKey, options.writePurposes?.holdKey),
      inject: [STORAGE_OPTIONS],
    },
    {
      provide: WRITE_PURPOSE_OPTIONS,
      useFactory: (options: StorageModuleOptions): WritePurposeOptions => ({
        ...(options.writePurposes?.maintainEverySeconds !== undefined && {
          maintainEverySeconds: options.writePurposes.maintainEverySeconds,
        }),
      }),
      inject: [STORAGE_OPTIONS],
    },
    WritePurposeRepository,
    WritePurposesService,
    HeldReleasesHandler,
    HeldSchedule,
  ],
  exports: [WritePurposesService, HeldSchedule],
})
export class WritePurposesModule {}
