import { ConfigError, defineConfig, sharedShape } from '@custos/config';
import { z } from 'zod';

import type { OidcOptions } from './consent.options.js';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleSettings } from './tokens/index.js';

export const consentShape = {
  CUSTOS_PUBLIC_URL: z.string().url().default('http://127.0.0.1:8080'),
  CUSTOS_BOOTSTRAP_KEY: z
    .string()
    .regex(/^[^:]+$/, 'must not contain ":"')
    .optional(),
  CUSTOS_BOOTSTRAP_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
  CUSTOS_CONSENT__POOL_SIZE: z.coerce.number().int().min(1).max(200).default(5),
  /** PKCS8 PEM Ed25519 key of the local token issuer (standalone generates one when unset). */
  CUSTOS_JWT_PRIVATE_KEY: z.string().optional(),
  CUSTOS_OIDC_ISSUER: z.string().url().optional(),
  CUSTOS_OIDC_JWKS_URL: z.string().url().optional(),
  CUSTOS_OIDC_AUDIENCE: z.string().min(1).optional(),
  CUSTOS_OIDC_TENANT_CLAIM: z.string().min(1).default('tid'),
  // Failed sign-ins (local login and HTTP Basic): README "Configuration", docs/sign-in-throttle.md.
  CUSTOS_SIGN_IN__FREE_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_SIGN_IN_THROTTLE.freeFailures),
  CUSTOS_SIGN_IN__ACCOUNT_FREE_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_SIGN_IN_THROTTLE.accountFreeFailures),
  CUSTOS_SIGN_IN__ADDRESS_FREE_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_SIGN_IN_THROTTLE.addressFreeFailures),
  CUSTOS_SIGN_IN__BACKOFF_BASE_SECONDS: z.coerce
    .number()
    .positive()
    .default(DEFAULT_SIGN_IN_THROTTLE.backoffBaseSeconds),
  CUSTOS_SIGN_IN__BACKOFF_MAX_SECONDS: z.coerce
    .number()
    .positive()
    .default(DEFAULT_SIGN_IN_THROTTLE.backoffMaxSeconds),
  CUSTOS_SIGN_IN__FORGET_AFTER_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_SIGN_IN_THROTTLE.forgetAfterSeconds),
  /** 0: no lockout (an attacker could otherwise lock anyone out). */
  CUSTOS_SIGN_IN__LOCKOUT_AFTER: z.coerce
    .number()
    .int()
    .min(0)
    .default(DEFAULT_SIGN_IN_THROTTLE.lockoutAfter),
};

type ConsentShapeConfig = z.infer<z.ZodObject<typeof consentShape>>;

/** The sign-in throttle's settings from the configuration. */
export const signInThrottleOf = (c: ConsentShapeConfig): SignInThrottleSettings => ({
  freeFailures: c.CUSTOS_SIGN_IN__FREE_FAILURES,
  accountFreeFailures: c.CUSTOS_SIGN_IN__ACCOUNT_FREE_FAILURES,
  addressFreeFailures: c.CUSTOS_SIGN_IN__ADDRESS_FREE_FAILURES,
  backoffBaseSeconds: c.CUSTOS_SIGN_IN__BACKOFF_BASE_SECONDS,
  backoffMaxSeconds: c.CUSTOS_SIGN_IN__BACKOFF_MAX_SECONDS,
  forgetAfterSeconds: c.CUSTOS_SIGN_IN__FORGET_AFTER_SECONDS,
  lockoutAfter: c.CUSTOS_SIGN_IN__LOCKOUT_AFTER,
});

/**
 * The institution's OIDC issuer, when one is configured. Its audience is required: without it a
 * token the same provider issued to any other application would open Custos too.
 */
export function oidcOptionsOf(c: ConsentShapeConfig): OidcOptions | undefined {
  if (!c.CUSTOS_OIDC_ISSUER) return undefined;
  if (!c.CUSTOS_OIDC_AUDIENCE) {
    throw new ConfigError([
      "CUSTOS_OIDC_AUDIENCE: required when CUSTOS_OIDC_ISSUER is set (the audience Custos's tokens carry)",
    ]);
  }
  return {
    issuer: c.CUSTOS_OIDC_ISSUER,
    jwksUrl: c.CUSTOS_OIDC_JWKS_URL,
    audience: c.CUSTOS_OIDC_AUDIENCE,
    tenantClaim: c.CUSTOS_OIDC_TENANT_CLAIM,
  };
}

export const loadConsentConfig = () =>
  defineConfig(
    {
      ...sharedShape,
      ...consentShape,
      NATS_URL: z.string().url(),
      DATABASE_URL: z.string().min(1),
      // Every consent replica must sign and verify with the same key, so none is generated here.
      CUSTOS_JWT_PRIVATE_KEY: z
        .string({
          error:
            "is required in distributed mode: the PKCS8 PEM Ed25519 key people's tokens are signed with " +
            '(openssl genpkey -algorithm ed25519)',
        })
        .min(1),
    },
    process.env,
  );
