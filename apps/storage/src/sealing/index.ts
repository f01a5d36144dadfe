export { seal, open, tryOpen } from '@custos/platform';
export { DataKeys, ExpiringLru } from './data-keys.js';
export { type KeyStoreConfig, keyStoreSettingsOf } from './key-store-settings.js';
export { KeyStoreRepository, type Queryable, type RecordedErasure } from './key-store.repository.js';
export { type AttachmentCopy, type AttachmentToSeal, Sealing } from './sealing.service.js';
export { SealingModule } from './sealing.module.js';
export {
  type DataKey,
  hashesToSeal,
  keyIdsOf,
  SEALED_AGENT,
  SEALED_CONTENT,
  sealStatement,
  shreddedAgent,
  unsealStatement,
} from './statement-seal.js';
export {
  derivedKeyStoreKey,
  FileTenantKeys,
  TENANT_KEYS,
  type TenantKeys,
  type TenantKeySettings,
  tenantKeysFrom,
  VaultTransitTenantKeys,
} from './tenant-keys.js';
