export { ConfigError, defineConfig, envBoolean, envPort, sharedShape, type Env } from './define-config.js';
