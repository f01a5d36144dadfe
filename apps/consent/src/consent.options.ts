export interface ConsentModuleOptions {
  databaseUrl: string;
  poolSize?: number;
  /** External URL of the LRS; the homePage of the authority accounts it assigns. */
  publicUrl: string;
  bootstrapKey?: string;
  bootstrapSecret?: string;
  /** Creates the first credential at start-up when none exists (not in the CLI). */
  bootstrapOnStart: boolean;
}

export const CONSENT_OPTIONS = Symbol('CONSENT_OPTIONS');
