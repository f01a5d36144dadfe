// Parses environment variables with a schema at boot, so a misconfigured part fails at once
// and names every bad or missing key instead of the first one it trips over.
import { readFileSync } from 'node:fs';

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
 * Empty strings count as unset so `FOO=` falls back to the default. Every key may instead be given as
 * `<KEY>_FILE`, the path of a file holding the value (a mounted Kubernetes Secret, a Docker secret).
 */
export function defineConfig<S extends z.ZodRawShape>(shape: S, env: Env): z.infer<z.ZodObject<S>> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const fileProblems = readFileSettings(Object.keys(shape), cleaned);
  const result = z.object(shape).safeParse(cleaned);
  const problems = [...fileProblems.values()];
  if (!result.success) {
    for (const issue of result.error.issues) {
      // A key whose file could not be read is reported once, for its file.
      if (fileProblems.has(String(issue.path[0]))) continue;
      problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/**
 * Fills each `KEY` of `keys` from the file `KEY_FILE` names, in place; the problems found, by key. The error names the
 * setting and the path, never what the file holds. Trailing line breaks are dropped (`echo secret > file`).
 */
function readFileSettings(keys: string[], env: Record<string, string | undefined>): Map<string, string> {
  const problems = new Map<string, string>();
  for (const key of keys) {
    const path = env[`${key}_FILE`];
    // A setting whose `_FILE` is in the schema itself is read where it is used (e.g. the NATS and principal keys,
    // which also take PEM or several keys from a file): filling it here too would make it look set twice.
    if (path === undefined || keys.includes(`${key}_FILE`)) continue;
    if (env[key] !== undefined) {
      problems.set(key, `${key}_FILE: set ${key} or ${key}_FILE, not both`);
      continue;
    }
    try {
      env[key] = readFileSync(path, 'utf8').replace(/[\r\n]+$/, '');
    } catch (err) {
      problems.set(
        key,
        `${key}_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  return problems;
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
 * database-connection.ts, which also takes `sslrootcert`/`sslcert`/`sslkey` from the URL itself. Descriptions
 * (`.describe()`) and `.meta({ secret: true })` feed docs/configuration.md (reference.ts).
 */
export const databaseTlsShape = {
  CUSTOS_DATABASE_CA_FILE: z
    .string()
    .optional()
    .describe(
      "PEM CA of PostgreSQL's server certificate; with no `sslmode` in `DATABASE_URL` it means `verify-full` " +
        '(deploy/README.md "PostgreSQL over TLS")',
    ),
  CUSTOS_DATABASE_CERT_FILE: z
    .string()
    .optional()
    .describe('a client certificate for PostgreSQL (PEM), with `CUSTOS_DATABASE_KEY_FILE`: both or neither'),
  CUSTOS_DATABASE_KEY_FILE: z.string().optional().describe('the key of `CUSTOS_DATABASE_CERT_FILE` (PEM)'),
};
export type DatabaseTlsFiles = Partial<Record<keyof typeof databaseTlsShape, string>>;

/** Traces (libs/telemetry): off unless an OTLP endpoint is set. Read before anything else of a process loads. */
export const telemetryShape = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .url()
    .optional()
    .describe(
      'OTLP/HTTP endpoint traces are sent to, e.g. http://otel-collector:4318 (/v1/traces is added). Tracing is ' +
        'off when neither this nor CUSTOS_OTLP_ENDPOINT is set. The SDK also honours the standard OTEL_* ' +
        'variables (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_SCHEDULE_DELAY, …).',
    ),
  CUSTOS_OTLP_ENDPOINT: z
    .string()
    .url()
    .optional()
    .describe('The same as OTEL_EXPORTER_OTLP_ENDPOINT under the Custos prefix; wins when both are set.'),
};

/** Shared keys every distributed part reads (prefix CUSTOS_ for shared ones). */
export const sharedShape = {
  ...telemetryShape,
  NATS_URL: z.string().url().optional().describe('NATS server(s), JetStream enabled (`nats://` or `tls://`)'),
  DATABASE_URL: z
    .string()
    .optional()
    .meta({
      secret: true,
      description:
        "PostgreSQL connection string; `sslmode` keeps libpq's meanings. Standalone mode and the CLI use the " +
        'embedded PostgreSQL under `CUSTOS_DATA_DIR` when it is unset',
    }),
  ...databaseTlsShape,
  CUSTOS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'lowercase letters, digits, - and _ only')
    .default('custos')
    .describe(
      'prefix of the NATS subjects, the JetStream stream and queue groups: lets two installations share a NATS',
    ),
  CUSTOS_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('log level; JSON lines, never statement content or learner identifiers at `info`'),
  CUSTOS_HEALTH_PORT: envPort(0).describe(
    "internal port serving `/healthz`, `/readyz` (the gateway and standalone: each part's readiness) and " +
      '`/metrics` (Prometheus) of a part, the gateway included; `0`: off. Never exposed outside the cluster',
  ),
  // How a part proves who it is to NATS, and TLS (deploy/nats/README.md). Secrets also as files (`_FILE`) so a
  // Kubernetes Secret can be mounted instead of put in the environment; one way at a time.
  CUSTOS_NATS_USER: z
    .string()
    .optional()
    .describe('NATS user, with `CUSTOS_NATS_PASSWORD` (also as `nats://user:pass@host` in `NATS_URL`)'),
  CUSTOS_NATS_PASSWORD: z.string().optional().meta({ secret: true, description: 'NATS password' }),
  CUSTOS_NATS_PASSWORD_FILE: z.string().optional().describe('a file holding `CUSTOS_NATS_PASSWORD`'),
  CUSTOS_NATS_TOKEN: z
    .string()
    .optional()
    .meta({ secret: true, description: 'NATS token instead (also as `nats://token@host`)' }),
  CUSTOS_NATS_TOKEN_FILE: z.string().optional().describe('a file holding `CUSTOS_NATS_TOKEN`'),
  CUSTOS_NATS_NKEY_SEED: z.string().optional().meta({
    secret: true,
    description:
      "the part's own NATS NKey seed (`custos nats-keys`): how the shipped NATS configuration lets it in",
  }),
  CUSTOS_NATS_NKEY_SEED_FILE: z.string().optional().describe('a file holding `CUSTOS_NATS_NKEY_SEED`'),
  CUSTOS_NATS_CREDS_FILE: z
    .string()
    .optional()
    .describe('a `.creds` file (decentralised JWT auth) instead; one way of signing in at a time'),
  CUSTOS_NATS_TLS_CA_FILE: z
    .string()
    .optional()
    .describe("PEM CA bundle of the NATS servers' certificates; any `CUSTOS_NATS_TLS_*` turns TLS on"),
  CUSTOS_NATS_TLS_CERT_FILE: z.string().optional().describe('client certificate for NATS (PEM)'),
  CUSTOS_NATS_TLS_KEY_FILE: z.string().optional().describe('the key of `CUSTOS_NATS_TLS_CERT_FILE` (PEM)'),
  // Signed principals (docs/adr/0006-signed-principals.md): the gateway's signing key, every part's verification
  // keys (PEM, or a file holding it), and how long an assertion lives. Parsed as keys where they are used.
  CUSTOS_PRINCIPAL_SIGNING_KEY: z
    .string()
    .optional()
    .meta({
      secret: true,
      description:
        'Ed25519 PKCS8 PEM the gateway signs principal assertions with; required in distributed mode, generated ' +
        'by standalone (docs/adr/0006-signed-principals.md)',
    }),
  CUSTOS_PRINCIPAL_SIGNING_KEY_FILE: z
    .string()
    .optional()
    .describe('a file holding `CUSTOS_PRINCIPAL_SIGNING_KEY`'),
  CUSTOS_PRINCIPAL_VERIFY_KEYS: z
    .string()
    .optional()
    .describe(
      "the gateway's public key(s), SPKI PEM, the old and the new one during a rotation; required in " +
        'distributed mode',
    ),
  CUSTOS_PRINCIPAL_VERIFY_KEYS_FILE: z
    .string()
    .optional()
    .describe('a file holding `CUSTOS_PRINCIPAL_VERIFY_KEYS`'),
  CUSTOS_PRINCIPAL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(300)
    .default(60)
    .describe("lifetime of a principal assertion, never beyond the request's deadline"),
};
