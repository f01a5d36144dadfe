export {
  ConfigError,
  type DatabaseTlsFiles,
  databaseTlsShape,
  defineConfig,
  envBoolean,
  envPort,
  sharedShape,
  type Env,
} from './define-config.js';
