import { ConfigError, defineConfig, envPort, sharedShape } from '@custos/config';
import type { SignInOptionsV1 } from '@custos/contracts';
import { z } from 'zod';

export const gatewayShape = {
  PORT: envPort(8080),
  CUSTOS_HOST: z.string().default('127.0.0.1'),
  CUSTOS_GATEWAY__BODY_LIMIT: z.string().default('50mb'),
  /**
   * How long the gateway waits for a part to answer an HTTP request (ms). Every part it asks gets this as the
   * request's deadline, and each nested request a little less, so the 503 names the part that was slow.
   */
  CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * Which proxies' X-Forwarded-For the gateway believes for the client address failed sign-ins are counted
   * against: `false` (default: the socket's peer), a hop count, or addresses/subnets (`loopback, 10.0.0.0/8`).
   */
  CUSTOS_GATEWAY__TRUST_PROXY: z.string().default('false'),
  /** The institution's OIDC issuer (consent verifies its tokens); the web pages sign in there when a client id is set. */
  CUSTOS_OIDC_ISSUER: z.string().url().optional(),
  /** The web pages' client id at that issuer: a public client (no secret), authorization code with PKCE. */
  CUSTOS_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CUSTOS_OIDC_SCOPE: z.string().min(1).default('openid'),
};

/** What the web pages offer for signing in: the institution's provider when both its issuer and a client id are set. */
export function signInOptionsOf(c: {
  CUSTOS_OIDC_ISSUER?: string | undefined;
  CUSTOS_OIDC_CLIENT_ID?: string | undefined;
  CUSTOS_OIDC_SCOPE: string;
}): SignInOptionsV1 {
  if (!c.CUSTOS_OIDC_CLIENT_ID) return { oidc: null };
  if (!c.CUSTOS_OIDC_ISSUER) {
    throw new ConfigError([
      'CUSTOS_OIDC_CLIENT_ID: needs CUSTOS_OIDC_ISSUER (where the web pages sign people in)',
    ]);
  }
  return {
    oidc: { issuer: c.CUSTOS_OIDC_ISSUER, clientId: c.CUSTOS_OIDC_CLIENT_ID, scope: c.CUSTOS_OIDC_SCOPE },
  };
}

export const loadGatewayConfig = () =>
  defineConfig(
    {
      ...sharedShape,
      ...gatewayShape,
      CUSTOS_HOST: z.string().default('0.0.0.0'),
      NATS_URL: z.string().url(),
    },
    process.env,
  );
