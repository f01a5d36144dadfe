export { StatementsModule } from './statements.module.js';
export { cursorKeyFrom } from './more-cursor.js';
