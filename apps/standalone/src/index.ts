export { loadStandaloneConfig, type StandaloneConfig } from './config.js';
export { openStandaloneDatabase } from './embedded-db.js';
export { migrateAll, startStandalone, type RunningStandalone } from './standalone.js';
