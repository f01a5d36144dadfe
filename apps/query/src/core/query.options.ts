export const QUERY_OPTIONS = Symbol('QUERY_OPTIONS');

export interface QueryModuleOptions {
  /** CUSTOS_CURSOR_KEY: signs `more` cursors; the same on every query replica (more-cursor.ts). */
  cursorKey: string;
}
