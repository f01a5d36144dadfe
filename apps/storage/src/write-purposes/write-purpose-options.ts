/** The held-statements job's settings (CUSTOS_HOLD_MAINTAIN_EVERY). */
export interface WritePurposeOptions {
  /** Seconds between rounds over tenants that hold statements; absent: no schedule (the CLI, tests). */
  maintainEverySeconds?: number;
}

export const WRITE_PURPOSE_OPTIONS = Symbol('WRITE_PURPOSE_OPTIONS');
