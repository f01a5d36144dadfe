export {
  ConfigError,
  type DatabaseTlsFiles,
  databaseTlsShape,
  defineConfig,
  envBoolean,
  envPort,
  sharedShape,
  telemetryShape,
  type Env,
} from './define-config.js';
export { configurationReferenceMarkdown, type SettingReference, settingsReference } from './reference.js';
