// The audit log's two secrets (docs/audit.md). The pseudonym key turns a learner's identifier hash into
// the key the log records instead (HMAC: without the key nobody can test an e-mail address against the
// log). The signing key (Ed25519) signs checkpoints of each tenant's chain head, which an auditor keeps
// outside the system and checks with the public key. Distributed: both from config, the same on every
// storage replica. Standalone and the CLI: generated once and kept beside the data.
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AuditKeySettings {
  /** At least 32 bytes as hex (64+ hex characters). */
  pseudonymKey: string;
  /** PKCS8 PEM Ed25519 private key. */
  signingKeyPem: string;
}

export interface AuditKeys {
  pseudonymKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex characters of the SHA-256 of the public key (SPKI DER): names the key in checkpoints. */
  publicKeyId: string;
}

export const AUDIT_KEYS = Symbol('AUDIT_KEYS');

/** Parses the settings; errors name the setting, never the secret. */
export function auditKeysFrom(settings: AuditKeySettings): AuditKeys {
  if (!/^(?:[0-9a-fA-F]{2}){32,}$/.test(settings.pseudonymKey.trim())) {
    throw new Error('CUSTOS_AUDIT_PSEUDONYM_KEY must be at least 32 bytes as hex (openssl rand -hex 32)');
  }
  let signingKey: KeyObject;
  try {
    // Environment variables often carry a PEM with its line breaks escaped.
    signingKey = createPrivateKey({ key: settings.signingKeyPem.replace(/\\n/g, '\n'), format: 'pem' });
  } catch {
    throw new Error('CUSTOS_AUDIT_SIGNING_KEY is not a PKCS8 PEM private key');
  }
  if (signingKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('CUSTOS_AUDIT_SIGNING_KEY must be an Ed25519 key (openssl genpkey -algorithm ed25519)');
  }
  const publicKey = createPublicKey(signingKey);
  return {
    pseudonymKey: Buffer.from(settings.pseudonymKey.trim(), 'hex'),
    signingKey,
    publicKey,
    publicKeyId: publicKeyIdOf(publicKey),
  };
}

export const publicKeyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/** The pseudonymous key the log records for a learner identifier of a tenant. */
export const learnerKeyOf = (keys: AuditKeys, tenantId: string, ifiHash: string): string =>
  createHmac('sha256', keys.pseudonymKey).update(`${tenantId}:${ifiHash}`).digest('hex');

/** New settings: a random pseudonym key and a new Ed25519 key. */
export const generateAuditKeySettings = (): AuditKeySettings => ({
  pseudonymKey: randomBytes(32).toString('hex'),
  signingKeyPem: generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
});

const PSEUDONYM_FILE = 'audit-pseudonym.key';
const SIGNING_FILE = 'audit-signing-key.pem';

/** Reads both keys from `dataDir`, creating them (mode 0600) on first use. */
export async function ensureAuditKeyFiles(dataDir: string): Promise<AuditKeySettings> {
  const fresh = generateAuditKeySettings();
  await mkdir(dataDir, { recursive: true });
  const ensure = async (name: string, content: string): Promise<string> => {
    const file = join(dataDir, name);
    try {
      // 'wx': if the CLI and the server create it at the same moment, the first one wins.
      await writeFile(file, content, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return (await readFile(file, 'utf8')).trim();
  };
  return {
    pseudonymKey: await ensure(PSEUDONYM_FILE, fresh.pseudonymKey),
    signingKeyPem: await ensure(SIGNING_FILE, fresh.signingKeyPem),
  };
}

/** The configured keys where set, the ones kept in `dataDir` otherwise (standalone, CLI). */
export async function auditKeySettingsOf(
  config: { CUSTOS_AUDIT_PSEUDONYM_KEY?: string; CUSTOS_AUDIT_SIGNING_KEY?: string },
  dataDir: string,
): Promise<AuditKeySettings> {
  if (config.CUSTOS_AUDIT_PSEUDONYM_KEY && config.CUSTOS_AUDIT_SIGNING_KEY) {
    return {
      pseudonymKey: config.CUSTOS_AUDIT_PSEUDONYM_KEY,
      signingKeyPem: config.CUSTOS_AUDIT_SIGNING_KEY,
    };
  }
  const kept = await ensureAuditKeyFiles(dataDir);
  return {
    pseudonymKey: config.CUSTOS_AUDIT_PSEUDONYM_KEY ?? kept.pseudonymKey,
    signingKeyPem: config.CUSTOS_AUDIT_SIGNING_KEY ?? kept.signingKeyPem,
  };
}
