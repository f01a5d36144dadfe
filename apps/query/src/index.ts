export { forwardingWorkerOf, queryConfigShape, queryShape } from './config.js';
export { ensureCursorKeyFile } from './cursor-key-file.js';
export { QueryModule } from './query.module.js';
export { recordsOfProcessing } from './processing/index.js';
