// Crypto-shredding (docs/adr/0013-erasure-and-crypto-shredding.md, part 2): the tenant keys, the key store, the
// data keys and their cache (one per process: every module that seals or unseals imports this one), sealing.
import { Module } from '@nestjs/common';

import { auditKeysFrom } from '../audit/index.js';
import { STORAGE_OPTIONS, type StorageModuleOptions } from '../core/index.js';
import { DataKeys } from './data-keys.js';
import { KeyStoreRepository } from './key-store.repository.js';
import { Sealing } from './sealing.service.js';
import { derivedKeyStoreKey, TENANT_KEYS, tenantKeysFrom } from './tenant-keys.js';

@Module({
  providers: [
    {
      provide: TENANT_KEYS,
      useFactory: (options: StorageModuleOptions) =>
        tenantKeysFrom(
          options.keyStore ?? {
            provider: 'file',
            key: derivedKeyStoreKey(auditKeysFrom(options.audit).pseudonymKey),
          },
        ),
      inject: [STORAGE_OPTIONS],
    },
    KeyStoreRepository,
    DataKeys,
    Sealing,
  ],
  exports: [Sealing],
})
export class SealingModule {}
