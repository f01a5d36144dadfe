export { ProcessingModule } from './processing.module.js';
export { recordsOfProcessing } from './records-of-processing.js';
