// Parses environment variables with a schema at boot, so a misconfigured part fails at once
// and names every bad or missing key instead of the first one it trips over.
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses `env` with an object schema whose keys are the environment variable names.
 * Empty strings count as unset so `FOO=` falls back to the default.
 */
export function defineConfig<S extends z.ZodRawShape>(shape: S, env: Env): z.infer<z.ZodObject<S>> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

/** Boolean env var: accepts true/false/1/0/yes/no. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Port number env var. */
export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/**
 * Files beside DATABASE_URL for PostgreSQL over TLS (PEM; a mounted Kubernetes Secret), read by platform's
 * database-connection.ts, which also takes `sslrootcert`/`sslcert`/`sslkey` from the URL itself.
 */
export const databaseTlsShape = {
  /** The CA that signed the server's certificate; with no sslmode in the URL it means sslmode=verify-full. */
  CUSTOS_DATABASE_CA_FILE: z.string().optional(),
  /** A client certificate and its key, both or neither. */
  CUSTOS_DATABASE_CERT_FILE: z.string().optional(),
  CUSTOS_DATABASE_KEY_FILE: z.string().optional(),
};
export type DatabaseTlsFiles = Partial<Record<keyof typeof databaseTlsShape, string>>;

/** Shared keys every distributed part reads (prefix CUSTOS_ for shared ones). */
export const sharedShape = {
  NATS_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  ...databaseTlsShape,
  CUSTOS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'lowercase letters, digits, - and _ only')
    .default('custos'),
  CUSTOS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CUSTOS_HEALTH_PORT: envPort(0),
  // How a part proves who it is to NATS, and TLS (deploy/nats/README.md). Secrets also as files (`_FILE`) so a
  // Kubernetes Secret can be mounted instead of put in the environment; one way at a time.
  CUSTOS_NATS_USER: z.string().optional(),
  CUSTOS_NATS_PASSWORD: z.string().optional(),
  CUSTOS_NATS_PASSWORD_FILE: z.string().optional(),
  CUSTOS_NATS_TOKEN: z.string().optional(),
  CUSTOS_NATS_TOKEN_FILE: z.string().optional(),
  CUSTOS_NATS_NKEY_SEED: z.string().optional(),
  CUSTOS_NATS_NKEY_SEED_FILE: z.string().optional(),
  CUSTOS_NATS_CREDS_FILE: z.string().optional(),
  CUSTOS_NATS_TLS_CA_FILE: z.string().optional(),
  CUSTOS_NATS_TLS_CERT_FILE: z.string().optional(),
  CUSTOS_NATS_TLS_KEY_FILE: z.string().optional(),
  // Signed principals (docs/adr/0006-signed-principals.md): the gateway's signing key, every part's verification
  // keys (PEM, or a file holding it), and how long an assertion lives. Parsed as keys where they are used.
  CUSTOS_PRINCIPAL_SIGNING_KEY: z.string().optional(),
  CUSTOS_PRINCIPAL_SIGNING_KEY_FILE: z.string().optional(),
  CUSTOS_PRINCIPAL_VERIFY_KEYS: z.string().optional(),
  CUSTOS_PRINCIPAL_VERIFY_KEYS_FILE: z.string().optional(),
  CUSTOS_PRINCIPAL_TTL_SECONDS: z.coerce.number().int().min(1).max(300).default(60),
};
