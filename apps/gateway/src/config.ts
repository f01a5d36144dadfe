import { ConfigError, defineConfig, envPort, sharedShape } from '@custos/config';
import type { SignInOptionsV1 } from '@custos/contracts';
import { z } from 'zod';

export const gatewayShape = {
  PORT: envPort(8080).describe('HTTP port'),
  CUSTOS_HOST: z.string().default('127.0.0.1').describe('address to listen on'),
  CUSTOS_GATEWAY__BODY_LIMIT: z
    .string()
    .default('50mb')
    .describe('largest request body (statements with their attachments), e.g. `50mb`'),
  CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(30_000)
    .describe(
      'how long a request may take inside Custos (ms) before it is a 503 naming the slow part; every part it ' +
        'asks gets it as its deadline, each nested request a little less',
    ),
  CUSTOS_GATEWAY__TRUST_PROXY: z
    .string()
    .default('false')
    .describe(
      'proxies whose `X-Forwarded-For` gives the client address failed sign-ins are counted against: `false` ' +
        "(the socket's peer), a hop count, or addresses/subnets (`loopback, 10.0.0.0/8`); set it behind an ingress",
    ),
  CUSTOS_OIDC_ISSUER: z
    .string()
    .url()
    .optional()
    .describe(
      "the institution's OIDC issuer: consent accepts its tokens (people whose external subject is their `sub`); " +
        'the web pages sign in there when `CUSTOS_OIDC_CLIENT_ID` is set',
    ),
  CUSTOS_OIDC_CLIENT_ID: z
    .string()
    .min(1)
    .optional()
    .describe(
      "the web pages' client id at the issuer, a public client (no secret; authorization code with PKCE): the " +
        "sign-in page then offers the institution's sign-in (redirect URI `<public URL>/sign-in/callback`, CORS " +
        "allowed from Custos's origin)",
    ),
  CUSTOS_OIDC_SCOPE: z
    .string()
    .min(1)
    .default('openid')
    .describe(
      'the scope the web pages ask the issuer for; its access token must carry `CUSTOS_OIDC_AUDIENCE` and the ' +
        'tenant claim',
    ),
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

/** Everything the gateway reads (docs/configuration.md is made from it). */
export const gatewayConfigShape = {
  ...sharedShape,
  ...gatewayShape,
  CUSTOS_HOST: z.string().default('0.0.0.0'),
  NATS_URL: z.string().url(),
};

export const loadGatewayConfig = () => defineConfig(gatewayConfigShape, process.env);
