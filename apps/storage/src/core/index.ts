// What storage's features may use of the core: its tokens, options and the base of background rounds.
export { STORAGE_DB } from '../db/data-source.js';
export { StorageHealth } from './health.handler.js';
export { StorageCoreModule } from './storage-core.module.js';
export { STORAGE_OPTIONS, STORAGE_UNITS, type StorageModuleOptions } from './storage-options.js';
export { TenantRounds } from './tenant-rounds.js';
