// What the portable-archive routes need from the configuration: the public URL archives name as their issuer, the
// signing key (CUSTOS_PORTABLE_SIGNING_KEY[_FILE]; standalone keeps a generated one beside its data), which issuers
// are believed, and how their keys are fetched (<issuer>/.well-known/jwks.json, cached per issuer).
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { ConfigError } from '@custos/config';
import { createRemoteJWKSet } from 'jose';

import {
  type ArchiveSigningKey,
  archiveSigningKeyOf,
  type IssuerKeys,
  type IssuerTrust,
  normalizeIssuerUrl,
} from './archive.js';

export const PORTABLE_OPTIONS = Symbol('PORTABLE_OPTIONS');

export interface PortableOptions {
  /** The issuer archives name: CUSTOS_PUBLIC_URL. */
  publicUrl: string;
  /** Absent: this installation issues no archives (GET /api/v1/me/portable is a 503, the JWKS empty). */
  signingKey?: ArchiveSigningKey;
  trust: IssuerTrust;
  /** How an issuer's keys are found; the network by default. */
  issuerKeys: IssuerKeys;
}

export interface PortableConfig {
  CUSTOS_PUBLIC_URL: string;
  CUSTOS_PORTABLE_SIGNING_KEY?: string | undefined;
  CUSTOS_PORTABLE_SIGNING_KEY_FILE?: string | undefined;
  CUSTOS_PORTABLE_TRUSTED_ISSUERS: string;
  CUSTOS_PORTABLE_ALLOW_LOOPBACK_HTTP: boolean;
}

const KEY_FILE = 'portable-signing-key.pem';

/**
 * The options from the configuration. `dataDir` (standalone): without a configured key, a generated one kept there
 * (mode 0600), so a standalone installation issues archives out of the box and keeps its key across restarts.
 */
export async function portableOptionsOf(config: PortableConfig, dataDir?: string): Promise<PortableOptions> {
  let pem = config.CUSTOS_PORTABLE_SIGNING_KEY;
  if (!pem && config.CUSTOS_PORTABLE_SIGNING_KEY_FILE) {
    pem = await readFile(config.CUSTOS_PORTABLE_SIGNING_KEY_FILE, 'utf8');
  }
  if (!pem && dataDir) pem = await ensureKeyFile(dataDir);
  return {
    publicUrl: normalizeIssuerUrl(config.CUSTOS_PUBLIC_URL),
    ...(pem && { signingKey: await archiveSigningKeyOf(ed25519KeyOf(pem)) }),
    trust: {
      trusted: config.CUSTOS_PORTABLE_TRUSTED_ISSUERS.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map(trustedIssuerUrl),
      allowLoopbackHttp: config.CUSTOS_PORTABLE_ALLOW_LOOPBACK_HTTP,
    },
    issuerKeys: remoteIssuerKeys(),
  };
}

function trustedIssuerUrl(url: string): string {
  try {
    return normalizeIssuerUrl(url);
  } catch {
    throw new ConfigError([`CUSTOS_PORTABLE_TRUSTED_ISSUERS: "${url}" is not a URL`]);
  }
}

function ed25519KeyOf(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(['CUSTOS_PORTABLE_SIGNING_KEY: not a PKCS8 PEM private key']);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError([
      'CUSTOS_PORTABLE_SIGNING_KEY: must be an Ed25519 key (openssl genpkey -algorithm ed25519)',
    ]);
  }
  return key;
}

async function ensureKeyFile(dataDir: string): Promise<string> {
  const file = join(dataDir, KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': if two processes create it at the same moment, the first one wins.
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFile(file, 'utf8');
}

/** Each trusted issuer's JWKS, fetched when first needed and again when a kid is unknown (jose's cache rules). */
export function remoteIssuerKeys(): IssuerKeys {
  const sets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  return (issuerUrl) => {
    let set = sets.get(issuerUrl);
    if (!set) {
      set = createRemoteJWKSet(new URL(`${issuerUrl}/.well-known/jwks.json`), { timeoutDuration: 5_000 });
      sets.set(issuerUrl, set);
    }
    return set;
  };
}
