export { ingestConfigShape } from './config.js';
export { IngestModule } from './ingest.module.js';
export { ImportedWriteService } from './imports/imported-write.service.js';
