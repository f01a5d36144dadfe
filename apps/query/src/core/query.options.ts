export const QUERY_OPTIONS = Symbol('QUERY_OPTIONS');

export interface QueryModuleOptions {
  /** CUSTOS_CURSOR_KEY: signs `more` cursors; the same on every query replica (more-cursor.ts). */
  cursorKey: string;
  /** The forwarding delivery worker (forwarding/); absent: on, polling every 250 ms, 15 s per delivery. */
  forwarding?: { enabled?: boolean; pollMs?: number; timeoutMs?: number };
}
