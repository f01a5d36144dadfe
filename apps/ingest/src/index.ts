export { ingestConfigShape } from './config.js';
export { IngestModule } from './ingest.module.js';
