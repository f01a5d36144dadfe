/** The retention purge's settings (CUSTOS_RETENTION_PURGE_EVERY, CUSTOS_RETENTION_PURGE_BATCH). */
export interface RetentionOptions {
  /** Statements deleted per transaction. */
  batchSize: number;
  /** Seconds between scheduled runs over every tenant with rules; absent: no schedule (the CLI, tests). */
  purgeEverySeconds?: number;
}

export const RETENTION_OPTIONS = Symbol('RETENTION_OPTIONS');

/** When no batch size is configured (the CLI). */
export const DEFAULT_PURGE_BATCH = 500;
