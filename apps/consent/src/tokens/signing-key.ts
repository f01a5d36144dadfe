// The local issuer's Ed25519 key. Distributed: CUSTOS_JWT_PRIVATE_KEY (PKCS8 PEM), shared by every
// consent replica so each can verify what another signed. Standalone and the CLI: generated once
// and kept beside the data, so tokens survive a restart.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export const SIGNING_KEY_FILE = 'jwt-signing-key.pem';

/** Parses a PKCS8 PEM Ed25519 private key; the error names the setting, never the key. */
export function signingKeyFromPem(pem: string): SigningKey {
  let privateKey: KeyObject;
  try {
    // Environment variables often carry a PEM with its line breaks escaped.
    privateKey = createPrivateKey({ key: pem.replace(/\\n/g, '\n'), format: 'pem' });
  } catch {
    throw new Error('CUSTOS_JWT_PRIVATE_KEY is not a PKCS8 PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `CUSTOS_JWT_PRIVATE_KEY must be an Ed25519 key (got ${privateKey.asymmetricKeyType ?? 'unknown'})`,
    );
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** A new Ed25519 private key as PKCS8 PEM. */
export const generateSigningKeyPem = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Reads `<dataDir>/jwt-signing-key.pem`, creating it (mode 0600) on first use. */
export async function ensureSigningKeyFile(dataDir: string): Promise<string> {
  const file = join(dataDir, SIGNING_KEY_FILE);
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': if the CLI and the server create it at the same moment, the first one wins.
    await writeFile(file, generateSigningKeyPem(), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFile(file, 'utf8');
}
