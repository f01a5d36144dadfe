import type { DatabaseTlsFiles } from '@custos/config';
import type { SignInThrottleSettings } from './tokens/index.js';

export interface ConsentModuleOptions {
  databaseUrl: string;
  /** TLS files beside DATABASE_URL (CUSTOS_DATABASE_CA_FILE, …); absent for the embedded database. */
  databaseTls?: DatabaseTlsFiles;
  poolSize?: number;
  /** External URL of the LRS; the homePage of the authority accounts it assigns. */
  publicUrl: string;
  bootstrapKey?: string;
  bootstrapSecret?: string;
  /** Creates the first credential at start-up when none exists (not in the CLI). */
  bootstrapOnStart: boolean;
  /**
   * Publish consent's events and relay leftovers (default true). False in the CLI and test tools: their events
   * (e.g. the audit records of their changes) wait in consent.outbox for the running consent part's relay.
   */
  outboxRelay?: boolean;
  /** PKCS8 PEM Ed25519 key of the local issuer; without it people cannot log in locally. */
  jwtPrivateKey?: string;
  /** The institution's OIDC issuer whose tokens are accepted for people with an external subject. */
  oidc?: OidcOptions;
  /** Erasure of a person (docs/adr/0013-erasure-and-crypto-shredding.md). */
  erasure?: ErasureOptions;
  /** Forwarding to other LRSs and webhooks (docs/flows.md "Forwarding"). */
  forwarding?: ForwardingOptions;
  /** Back-off and lockout of failed sign-ins (defaults: DEFAULT_SIGN_IN_THROTTLE). */
  signInThrottle?: Partial<SignInThrottleSettings>;
}

export interface ErasureOptions {
  /** How long a learner's own request waits before it is carried out (they may cancel it meanwhile). */
  graceSeconds?: number;
  /** How often the runner looks for jobs that are due or were interrupted (default 30 s). */
  pollSeconds?: number;
  /** Carry out erasures in this process (default: as `outboxRelay`; the CLI does not). */
  runner?: boolean;
}

export interface ForwardingOptions {
  /** CUSTOS_FORWARDING_KEY (hex, 32+ bytes) sealing targets' secrets; unset: derived from the token signing key. */
  key?: string;
  /** Allow http:// target URLs (loopback and tests only; production targets are https). */
  allowHttp?: boolean;
  /** Failed attempts of a batch before it goes to the dead letters (default 8). */
  maxAttempts?: number;
  /** The first retry's delay, doubled by each further failure up to `backoffMaxMs` (defaults 1 s and 5 min). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface OidcOptions {
  issuer: string;
  /** Default `<issuer>/.well-known/jwks.json`. */
  jwksUrl?: string;
  audience?: string;
  /** The claim naming the person's tenant. */
  tenantClaim: string;
  /** PEM CA bundle trusted for fetching from the issuer, beside the default CAs (CUSTOS_OIDC_CA_FILE). */
  caPem?: string;
}

export const CONSENT_OPTIONS = Symbol('CONSENT_OPTIONS');
