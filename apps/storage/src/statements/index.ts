export { StatementsModule } from './statements.module.js';
export type { NewStatementRow } from './statement.repository.js';
