export { gatewayConfigShape, gatewayShape, signInOptionsOf } from './config.js';
export { GatewayModule } from './gateway.module.js';
export { createHttpApp } from './http-app.js';
export { openApiDocument } from './http/openapi.js';
export { partsReadiness } from './http/health.controller.js';
export { recordsAsHtml, recordsAsMarkdown } from './http/records-of-processing.document.js';
export { portableOptionsOf, type PortableOptions } from './portable/portable-options.js';
