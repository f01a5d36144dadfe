export { StatementsModule } from './statements.module.js';
export { STATEMENT_WRITE_GROUPS } from './statements.service.js';
export type { NewStatementRow } from './statement.repository.js';
