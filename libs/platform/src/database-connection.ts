// The one place DATABASE_URL becomes a node-postgres connection: its TLS settings (sslmode, the CA, a client
// certificate) are read here, with libpq's meanings, and handed to node-postgres as explicit `ssl` options.
//
// Why not leave the URL to node-postgres: pg-connection-string 2.x (pg 8) treats `prefer`, `require` and
// `verify-ca` as `verify-full` (with a deprecation warning, changing in pg 9), reads the certificate files only
// when it parses the URL (so a missing file is a bare ENOENT from deep inside a pool), and a `connectionString`
// overrides any `ssl` option given beside it (pg's ConnectionParameters merges the parsed URL last). So the TLS
// parameters are taken out of the URL and passed on as `ssl` alone.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions, TlsOptions } from 'node:tls';

import { ConfigError, type DatabaseTlsFiles } from '@custos/config';

export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface DatabaseConnection {
  /** DATABASE_URL without its TLS parameters (node-postgres would let them override `ssl`). */
  url: string;
  sslmode: SslMode;
  /** node-postgres `ssl`: false, or the options of the TLS connection. */
  ssl: false | DatabaseTlsOptions;
}

/** What TypeORM passes on to node-postgres, which passes it on to `tls.connect`. */
export type DatabaseTlsOptions = TlsOptions & Pick<ConnectionOptions, 'checkServerIdentity'>;

/** The configuration keys of the TLS files, as errors name them. */
const DATABASE_TLS_ENV = {
  ca: 'CUSTOS_DATABASE_CA_FILE',
  cert: 'CUSTOS_DATABASE_CERT_FILE',
  key: 'CUSTOS_DATABASE_KEY_FILE',
} as const satisfies Record<string, keyof DatabaseTlsFiles>;

/** URL parameters that configure TLS; all are removed from the URL handed to node-postgres. */
const TLS_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl', 'uselibpqcompat', 'sslcompat'];

const UNSUPPORTED_MODES: Record<string, string> = {
  allow: 'node-postgres cannot fall back between plain text and TLS',
  prefer: 'node-postgres cannot fall back between plain text and TLS',
  'no-verify': 'it is node-postgres\'s own name; say sslmode=require for "encrypted, server not verified"',
};

type ReadFile = (path: string) => string;
const readText: ReadFile = (path) => readFileSync(path, 'utf8');

/**
 * Parses DATABASE_URL and the TLS files beside it into what node-postgres needs.
 *
 * - `sslmode` as libpq: `disable` (no TLS), `require` (encrypted; the server is not verified unless a CA is
 *   given, then as `verify-ca`, as libpq does), `verify-ca` (the certificate chains to the CA; a CA is
 *   required), `verify-full` (and the certificate names the host of the URL, DNS name or IP address; without a
 *   CA, the system's trusted CAs, as libpq's `sslrootcert=system`).
 * - The CA: `sslrootcert=<file>` in the URL or CUSTOS_DATABASE_CA_FILE (one of them). A client certificate:
 *   `sslcert`/`sslkey` or CUSTOS_DATABASE_CERT_FILE/CUSTOS_DATABASE_KEY_FILE, both or neither.
 * - No `sslmode`: `verify-full` when a CA is given, else `disable` (node-postgres's own default, which
 *   PGSSLMODE no longer changes: `ssl` is always passed explicitly).
 *
 * @throws ConfigError naming every problem (an unreadable file by its name), never echoing the URL's password.
 */
export function databaseConnectionOf(
  databaseUrl: string,
  files: DatabaseTlsFiles = {},
  read: ReadFile = readText,
): DatabaseConnection {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConfigError(['DATABASE_URL: is not a URL (postgres://USER:PASSWORD@HOST:5432/DATABASE)']);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError([
      `DATABASE_URL: must start with postgres:// or postgresql://, not ${url.protocol}//`,
    ]);
  }
  const param = (name: string): string | undefined => url.searchParams.get(name) ?? undefined;
  const fromEnv = (name: keyof DatabaseTlsFiles): string | undefined => files[name] || undefined;
  const problems: string[] = [];

  if (param('ssl') !== undefined) problems.push('DATABASE_URL: use sslmode=…, not ssl=…');
  if (param('uselibpqcompat') !== undefined || param('sslcompat') !== undefined) {
    problems.push('DATABASE_URL: uselibpqcompat/sslcompat are not needed: sslmode has libpq meanings here');
  }

  const source = (
    urlParam: string,
    envName: keyof DatabaseTlsFiles,
  ): { path: string; from: string } | undefined => {
    const inUrl = param(urlParam);
    const inEnv = fromEnv(envName);
    if (inUrl !== undefined && inEnv !== undefined) {
      problems.push(`${envName}: set, and DATABASE_URL has ${urlParam} too; give it once`);
    }
    if (inUrl !== undefined) return { path: inUrl, from: `DATABASE_URL ${urlParam}` };
    return inEnv !== undefined ? { path: inEnv, from: envName } : undefined;
  };
  const caSource = source('sslrootcert', DATABASE_TLS_ENV.ca);
  const certSource = source('sslcert', DATABASE_TLS_ENV.cert);
  const keySource = source('sslkey', DATABASE_TLS_ENV.key);
  // libpq's `sslrootcert=system`: the system's trusted CAs, which is Node's default when no `ca` is given.
  const systemCa = caSource?.path === 'system';
  const hasCa = caSource !== undefined && !systemCa;

  const givenMode = param('sslmode');
  let sslmode: SslMode = caSource ? 'verify-full' : 'disable';
  if (givenMode !== undefined) {
    if ((SSL_MODES as readonly string[]).includes(givenMode)) sslmode = givenMode as SslMode;
    else if (UNSUPPORTED_MODES[givenMode]) {
      problems.push(`DATABASE_URL: sslmode=${givenMode} is not supported: ${UNSUPPORTED_MODES[givenMode]}`);
    } else {
      problems.push(`DATABASE_URL: unknown sslmode=${givenMode} (${SSL_MODES.join(', ')})`);
    }
  }

  if (sslmode === 'disable' && (caSource || certSource || keySource)) {
    problems.push('DATABASE_URL: sslmode=disable, but a CA or client certificate is configured for TLS');
  }
  if (sslmode === 'verify-ca' && !hasCa) {
    problems.push(
      `DATABASE_URL: sslmode=verify-ca needs the CA that signed the server's certificate: ` +
        `sslrootcert=<file> in DATABASE_URL or ${DATABASE_TLS_ENV.ca}`,
    );
  }
  if ((certSource === undefined) !== (keySource === undefined)) {
    problems.push(
      `a client certificate needs both the certificate and its key ` +
        `(${DATABASE_TLS_ENV.cert} and ${DATABASE_TLS_ENV.key}, or sslcert and sslkey)`,
    );
  }

  const load = (
    file: { path: string; from: string } | undefined,
    pem: RegExp,
    what: string,
  ): string | undefined => {
    if (!file) return undefined;
    let text: string;
    try {
      text = read(file.path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      problems.push(`${file.from}: cannot read the ${what} file ${file.path} (${code})`);
      return undefined;
    }
    if (!pem.test(text)) problems.push(`${file.from}: ${file.path} holds no PEM ${what}`);
    return text;
  };
  const ca = hasCa ? load(caSource, /-----BEGIN CERTIFICATE-----/, 'CA certificate') : undefined;
  const cert = load(certSource, /-----BEGIN CERTIFICATE-----/, 'client certificate');
  const key = load(keySource, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'client key');

  if (problems.length > 0) throw new ConfigError(problems);

  for (const name of TLS_PARAMS) url.searchParams.delete(name);
  const stripped = url.toString();
  if (sslmode === 'disable') return { url: stripped, sslmode, ssl: false };

  const ssl: DatabaseTlsOptions = { rejectUnauthorized: true };
  if (ca !== undefined) ssl.ca = ca;
  if (cert !== undefined && key !== undefined) Object.assign(ssl, { cert, key });
  const verifyChainOnly = sslmode === 'verify-ca' || (sslmode === 'require' && hasCa);
  if (sslmode === 'require' && !hasCa) ssl.rejectUnauthorized = false;
  // node-postgres hands tls.connect the host (and, for a DNS name, servername), so Node's default identity
  // check is the host-name check of verify-full; verify-ca replaces it with none.
  if (verifyChainOnly) ssl.checkServerIdentity = () => undefined;
  return { url: stripped, sslmode, ssl };
}
