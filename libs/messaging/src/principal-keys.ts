// The keys of signed principals are configuration (ADR 0006): the gateway signs with
// CUSTOS_PRINCIPAL_SIGNING_KEY, every part verifies with CUSTOS_PRINCIPAL_VERIFY_KEYS (two during a
// rotation); each may come from a file (`_FILE`, e.g. a mounted Kubernetes Secret). Standalone generates
// its key pair into the data directory.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

import { ConfigError } from '@custos/config';

import { DEFAULT_ASSERTION_TTL_SECONDS, type PrincipalKeys } from './principal-assertion.js';

export const SIGNING_KEY_VAR = 'CUSTOS_PRINCIPAL_SIGNING_KEY';
export const VERIFY_KEYS_VAR = 'CUSTOS_PRINCIPAL_VERIFY_KEYS';

/** The settings of sharedShape (@custos/config) the keys are read from. */
export interface PrincipalKeyConfig {
  CUSTOS_PRINCIPAL_SIGNING_KEY?: string | undefined;
  CUSTOS_PRINCIPAL_SIGNING_KEY_FILE?: string | undefined;
  CUSTOS_PRINCIPAL_VERIFY_KEYS?: string | undefined;
  CUSTOS_PRINCIPAL_VERIFY_KEYS_FILE?: string | undefined;
  CUSTOS_PRINCIPAL_TTL_SECONDS?: number | undefined;
}
type Env = Readonly<Record<string, string | number | undefined>>;

const PUBLIC_KEY_PEM = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

/** The value of `name`, or the content of the file `name_FILE` names; undefined when neither is set. */
function valueOf(env: Env, name: string, problems: string[]): string | undefined {
  const direct = env[name] as string | undefined;
  const file = env[`${name}_FILE`] as string | undefined;
  if (direct && file) problems.push(`${name}: set either ${name} or ${name}_FILE, not both`);
  if (direct) return direct.replace(/\\n/g, '\n');
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}

function signingKeyOf(pem: string, problems: string[]): KeyObject | undefined {
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType === 'ed25519') return key;
    problems.push(`${SIGNING_KEY_VAR}: must be an Ed25519 key (openssl genpkey -algorithm ed25519)`);
  } catch {
    problems.push(`${SIGNING_KEY_VAR}: is not a PKCS8 PEM private key`);
  }
  return undefined;
}

function verifyKeysOf(pems: string, problems: string[]): KeyObject[] {
  const blocks = pems.match(PUBLIC_KEY_PEM) ?? [];
  if (blocks.length === 0) problems.push(`${VERIFY_KEYS_VAR}: holds no SPKI PEM public key`);
  const keys: KeyObject[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      const key = createPublicKey({ key: block, format: 'pem' });
      if (key.asymmetricKeyType === 'ed25519') keys.push(key);
      else problems.push(`${VERIFY_KEYS_VAR}: key ${i + 1} is not an Ed25519 key`);
    } catch {
      problems.push(`${VERIFY_KEYS_VAR}: key ${i + 1} is not an SPKI PEM public key`);
    }
  }
  return keys;
}

const REQUIRED =
  'is required in distributed mode (docs/adr/0006-signed-principals.md; openssl genpkey -algorithm ed25519)';

/**
 * The principal keys of a distributed part's configuration: `sign` for the gateway (the signing key is then
 * required, and its own public key verifies too), `verify` for every part that acts on a principal.
 * Missing or malformed keys throw one ConfigError naming every problem, so the part refuses to start.
 */
export function principalKeysOf(
  config: PrincipalKeyConfig,
  need: { sign: boolean; verify: boolean },
): PrincipalKeys {
  const env = config as Env;
  const problems: string[] = [];
  const signingPem = need.sign ? valueOf(env, SIGNING_KEY_VAR, problems) : undefined;
  const verifyPems = need.verify ? valueOf(env, VERIFY_KEYS_VAR, problems) : undefined;
  if (need.sign && signingPem === undefined && !problems.some((p) => p.startsWith(SIGNING_KEY_VAR))) {
    problems.push(`${SIGNING_KEY_VAR}: ${REQUIRED}`);
  }
  if (need.verify && verifyPems === undefined && !problems.some((p) => p.startsWith(VERIFY_KEYS_VAR))) {
    problems.push(`${VERIFY_KEYS_VAR}: ${REQUIRED}`);
  }
  const signingKey = signingPem === undefined ? undefined : signingKeyOf(signingPem, problems);
  const verifyKeys = verifyPems === undefined ? [] : verifyKeysOf(verifyPems, problems);
  const ttlSeconds = config.CUSTOS_PRINCIPAL_TTL_SECONDS ?? DEFAULT_ASSERTION_TTL_SECONDS;
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...(signingKey && { signingKey }), verifyKeys, ttlSeconds };
}

const KEY_FILE = 'principal-signing-key.pem';

/**
 * Standalone: the configured keys where set, else a key pair kept in `dataDir` (created mode 0600 on first
 * use), so the same signing and verification run as in the distributed mode.
 */
export async function standalonePrincipalKeys(
  config: PrincipalKeyConfig,
  dataDir: string,
): Promise<PrincipalKeys> {
  const ttlSeconds = config.CUSTOS_PRINCIPAL_TTL_SECONDS ?? DEFAULT_ASSERTION_TTL_SECONDS;
  if (config.CUSTOS_PRINCIPAL_SIGNING_KEY || config.CUSTOS_PRINCIPAL_SIGNING_KEY_FILE) {
    const keys = principalKeysOf(config, {
      sign: true,
      verify: !!(config.CUSTOS_PRINCIPAL_VERIFY_KEYS || config.CUSTOS_PRINCIPAL_VERIFY_KEYS_FILE),
    });
    return withOwnPublicKey(keys);
  }
  const file = join(dataDir, KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': if two processes create it at the same moment, the first one wins.
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const problems: string[] = [];
  const signingKey = signingKeyOf(await readFile(file, 'utf8'), problems);
  if (!signingKey) throw new ConfigError(problems.map((p) => p.replace(SIGNING_KEY_VAR, file)));
  return withOwnPublicKey({ signingKey, verifyKeys: [], ttlSeconds });
}

/** A part that signs also accepts what it signed. */
export const withOwnPublicKey = (keys: PrincipalKeys): PrincipalKeys =>
  keys.signingKey ? { ...keys, verifyKeys: [...keys.verifyKeys, createPublicKey(keys.signingKey)] } : keys;

/** A fresh key pair that signs and verifies within one process only. */
export function ephemeralPrincipalKeys(ttlSeconds = DEFAULT_ASSERTION_TTL_SECONDS): PrincipalKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signingKey: privateKey, verifyKeys: [publicKey], ttlSeconds };
}
