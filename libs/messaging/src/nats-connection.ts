// How a part authenticates to NATS: one pure function turns the part's configuration (NATS_URL and the
// CUSTOS_NATS_* variables a Kubernetes Secret can supply, directly or as files) into the client's connection
// options. Exactly one way of proving who the part is may be configured, so a half-finished rotation (a
// password beside a token, a seed beside a .creds file) fails at boot with a message naming the variables
// instead of connecting as someone unexpected. Secrets never leave this module except inside the options.
import { ConfigError } from '@custos/config';
import {
  type Authenticator,
  type ConnectionOptions,
  credsAuthenticator,
  nkeyAuthenticator,
  type TlsOptions,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from '@nats-io/transport-node';

/** The environment keys a part reads to reach NATS (docs: deploy/nats/README.md). */
export interface NatsClientSettings {
  NATS_URL: string;
  CUSTOS_NATS_USER?: string;
  CUSTOS_NATS_PASSWORD?: string;
  CUSTOS_NATS_PASSWORD_FILE?: string;
  CUSTOS_NATS_TOKEN?: string;
  CUSTOS_NATS_TOKEN_FILE?: string;
  CUSTOS_NATS_NKEY_SEED?: string;
  CUSTOS_NATS_NKEY_SEED_FILE?: string;
  CUSTOS_NATS_CREDS_FILE?: string;
  CUSTOS_NATS_TLS_CA_FILE?: string;
  CUSTOS_NATS_TLS_CERT_FILE?: string;
  CUSTOS_NATS_TLS_KEY_FILE?: string;
}

const AUTH_KEYS = [
  'CUSTOS_NATS_USER',
  'CUSTOS_NATS_PASSWORD',
  'CUSTOS_NATS_PASSWORD_FILE',
  'CUSTOS_NATS_TOKEN',
  'CUSTOS_NATS_TOKEN_FILE',
  'CUSTOS_NATS_NKEY_SEED',
  'CUSTOS_NATS_NKEY_SEED_FILE',
  'CUSTOS_NATS_CREDS_FILE',
  'CUSTOS_NATS_TLS_CA_FILE',
  'CUSTOS_NATS_TLS_CERT_FILE',
  'CUSTOS_NATS_TLS_KEY_FILE',
] as const satisfies readonly (keyof NatsClientSettings)[];

/** The NATS authentication and TLS settings out of a part's whole configuration. */
export const natsAuthOf = (
  config: Omit<NatsClientSettings, 'NATS_URL'>,
): Omit<NatsClientSettings, 'NATS_URL'> =>
  Object.fromEntries(AUTH_KEYS.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));

/** Reads a file's text; injected so the function stays pure and its tests need no files. */
export type ReadText = (path: string) => string;

export interface NatsIdentity {
  namespace: string;
  /** The part (or tool) connecting: its inbox prefix is its own, so NATS can let it read only its replies. */
  part: string;
}

/** The inbox prefix of a part: `_INBOX_<namespace>_<part>` (one token, so `<prefix>.>` covers all of it). */
export const inboxPrefixOf = ({ namespace, part }: NatsIdentity): string => `_INBOX_${namespace}_${part}`;

/** The URL with any user, password or token replaced, for logs and error messages. */
export function redactNatsUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = 'REDACTED';
    u.password = '';
    return u.toString();
  } catch {
    // Not a URL we can parse: say nothing of it rather than risk printing a secret.
    return '(unparseable NATS_URL)';
  }
}

/** A secret given directly or as a file (`X` or `X_FILE`), never both; trailing newlines of files dropped. */
function secretOf(
  settings: NatsClientSettings,
  name: 'CUSTOS_NATS_PASSWORD' | 'CUSTOS_NATS_TOKEN' | 'CUSTOS_NATS_NKEY_SEED',
  read: ReadText,
  problems: string[],
): string | undefined {
  const direct = settings[name];
  const file = settings[`${name}_FILE`];
  if (direct && file) {
    problems.push(`${name} and ${name}_FILE: set one of them, not both`);
    return undefined;
  }
  if (file) return fileText(`${name}_FILE`, file, read, problems)?.trim();
  return direct;
}

function fileText(variable: string, path: string, read: ReadText, problems: string[]): string | undefined {
  try {
    const text = read(path);
    if (text.trim() === '') problems.push(`${variable}: ${path} is empty`);
    return text;
  } catch (err) {
    // The error's code (ENOENT, EACCES) says enough; its message could repeat the path only.
    problems.push(
      `${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
    return undefined;
  }
}

/**
 * The client's connection options for a part: servers without credentials in them, exactly one authenticator
 * (or none, for an open development server), TLS when asked for, and the part's own inbox prefix. Throws a
 * ConfigError naming every contradictory, incomplete or unreadable setting.
 */
export function natsConnectionOptions(
  settings: NatsClientSettings,
  identity: NatsIdentity,
  read: ReadText,
): ConnectionOptions {
  const problems: string[] = [];
  let url: URL;
  try {
    url = new URL(settings.NATS_URL);
  } catch {
    throw new ConfigError(['NATS_URL: not a URL (nats://host:4222 or tls://host:4222)']);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!['nats', 'tls'].includes(scheme)) {
    problems.push(`NATS_URL: scheme must be nats:// or tls://, not ${scheme}://`);
  }
  const urlUser = url.username ? decodeURIComponent(url.username) : undefined;
  const urlPassword = url.password ? decodeURIComponent(url.password) : undefined;

  // Each configured way of authenticating, by the variables that configure it.
  const ways: { names: string; authenticator?: Authenticator }[] = [];
  if (urlUser !== undefined && urlPassword !== undefined) {
    ways.push({
      names: 'user and password in NATS_URL',
      authenticator: usernamePasswordAuthenticator(urlUser, urlPassword),
    });
  } else if (urlUser !== undefined) {
    ways.push({ names: 'token in NATS_URL', authenticator: tokenAuthenticator(urlUser) });
  }
  const password = secretOf(settings, 'CUSTOS_NATS_PASSWORD', read, problems);
  if (settings.CUSTOS_NATS_USER !== undefined || password !== undefined) {
    if (settings.CUSTOS_NATS_USER === undefined) {
      problems.push('CUSTOS_NATS_USER: required with CUSTOS_NATS_PASSWORD(_FILE)');
    } else if (password === undefined) {
      problems.push('CUSTOS_NATS_PASSWORD or CUSTOS_NATS_PASSWORD_FILE: required with CUSTOS_NATS_USER');
    } else {
      ways.push({
        names: 'CUSTOS_NATS_USER/PASSWORD',
        authenticator: usernamePasswordAuthenticator(settings.CUSTOS_NATS_USER, password),
      });
    }
  }
  const token = secretOf(settings, 'CUSTOS_NATS_TOKEN', read, problems);
  if (token !== undefined) {
    ways.push({ names: 'CUSTOS_NATS_TOKEN', authenticator: tokenAuthenticator(token) });
  }
  const seed = secretOf(settings, 'CUSTOS_NATS_NKEY_SEED', read, problems);
  if (seed !== undefined) {
    if (!/^SU[A-Z2-7]{56}$/.test(seed)) {
      // Never echo the value: it is (or was meant to be) a private key.
      problems.push('CUSTOS_NATS_NKEY_SEED: not a user NKey seed (58 characters starting with SU)');
    } else {
      ways.push({
        names: 'CUSTOS_NATS_NKEY_SEED',
        authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)),
      });
    }
  }
  if (settings.CUSTOS_NATS_CREDS_FILE !== undefined) {
    const creds = fileText('CUSTOS_NATS_CREDS_FILE', settings.CUSTOS_NATS_CREDS_FILE, read, problems);
    if (creds !== undefined) {
      if (!creds.includes('BEGIN NATS USER JWT') || !creds.includes('BEGIN USER NKEY SEED')) {
        problems.push('CUSTOS_NATS_CREDS_FILE: not a NATS .creds file (a user JWT and its NKey seed)');
      } else {
        ways.push({
          names: 'CUSTOS_NATS_CREDS_FILE',
          authenticator: credsAuthenticator(new TextEncoder().encode(creds)),
        });
      }
    }
  }
  if (ways.length > 1) {
    problems.push(`NATS authentication: configure one way, not ${ways.map((w) => w.names).join(' and ')}`);
  }

  const tls = tlsOptions(settings, scheme === 'tls', read, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  // The credentials travel in the authenticator, never in the server list (which the client may log).
  const server = `${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${url.port || '4222'}`;
  return {
    servers: server,
    inboxPrefix: inboxPrefixOf(identity),
    ...(ways[0]?.authenticator ? { authenticator: ways[0].authenticator } : {}),
    ...(tls ? { tls } : {}),
  };
}

function tlsOptions(
  settings: NatsClientSettings,
  required: boolean,
  read: ReadText,
  problems: string[],
): TlsOptions | undefined {
  const { CUSTOS_NATS_TLS_CA_FILE: caFile, CUSTOS_NATS_TLS_CERT_FILE: certFile } = settings;
  const keyFile = settings.CUSTOS_NATS_TLS_KEY_FILE;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    problems.push('CUSTOS_NATS_TLS_CERT_FILE and CUSTOS_NATS_TLS_KEY_FILE: a client certificate needs both');
  }
  if (!required && caFile === undefined && certFile === undefined && keyFile === undefined) return undefined;
  const tls: TlsOptions = {};
  if (caFile !== undefined) {
    const ca = fileText('CUSTOS_NATS_TLS_CA_FILE', caFile, read, problems);
    if (ca !== undefined) tls.ca = ca;
  }
  if (certFile !== undefined && keyFile !== undefined) {
    const cert = fileText('CUSTOS_NATS_TLS_CERT_FILE', certFile, read, problems);
    const key = fileText('CUSTOS_NATS_TLS_KEY_FILE', keyFile, read, problems);
    if (cert !== undefined) tls.cert = cert;
    if (key !== undefined) tls.key = key;
  }
  return tls;
}
