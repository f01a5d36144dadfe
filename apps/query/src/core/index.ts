// What query's features may use of the core: its options, recording a denial, a read's basis sources.
export { QueryCoreModule } from './query-core.module.js';
export { QUERY_OPTIONS, type QueryModuleOptions } from './query.options.js';
export { readBasisSourcesOf } from './read-basis.js';
export { recordDenial } from './record-denial.js';
export { type StatementAccess, StatementAccessCache } from './statement-access.js';
