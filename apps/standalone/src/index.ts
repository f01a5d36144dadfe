export {
  dataDirShape,
  loadStandaloneConfig,
  standaloneConfigShape,
  type StandaloneConfig,
} from './config.js';
export { openStandaloneDatabase } from './embedded-db.js';
export { migrateAll, type RuntimeRoles, startStandalone, type RunningStandalone } from './standalone.js';
