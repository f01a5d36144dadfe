// The tenant-key settings from configuration (CUSTOS_KEY_STORE_*): the `vault` provider's address, token and key,
// or the `file` provider's installation key — configured, or (standalone) generated once beside the data like the
// audit keys, or (unset, distributed) derived from the audit pseudonym key.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { TenantKeySettings } from './tenant-keys.js';

export interface KeyStoreConfig {
  CUSTOS_KEY_STORE_PROVIDER: 'file' | 'vault';
  CUSTOS_KEY_STORE_KEY?: string | undefined;
  CUSTOS_KEY_STORE_VAULT_ADDR?: string | undefined;
  CUSTOS_KEY_STORE_VAULT_TOKEN?: string | undefined;
  CUSTOS_KEY_STORE_VAULT_KEY: string;
}

const KEY_FILE = 'key-store.key';

/** The settings, or undefined for the key derived from the audit pseudonym key (StorageModuleOptions.keyStore). */
export async function keyStoreSettingsOf(
  config: KeyStoreConfig,
  dataDir?: string,
): Promise<TenantKeySettings | undefined> {
  if (config.CUSTOS_KEY_STORE_PROVIDER === 'vault') {
    if (!config.CUSTOS_KEY_STORE_VAULT_ADDR || !config.CUSTOS_KEY_STORE_VAULT_TOKEN) {
      throw new Error(
        'CUSTOS_KEY_STORE_PROVIDER=vault needs CUSTOS_KEY_STORE_VAULT_ADDR and CUSTOS_KEY_STORE_VAULT_TOKEN',
      );
    }
    return {
      provider: 'vault',
      url: config.CUSTOS_KEY_STORE_VAULT_ADDR,
      token: config.CUSTOS_KEY_STORE_VAULT_TOKEN,
      keyName: config.CUSTOS_KEY_STORE_VAULT_KEY,
    };
  }
  if (config.CUSTOS_KEY_STORE_KEY) return { provider: 'file', key: config.CUSTOS_KEY_STORE_KEY };
  if (dataDir === undefined) return undefined;
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, KEY_FILE);
  try {
    // 'wx': the first process to create it wins; the others read it.
    await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return { provider: 'file', key: (await readFile(file, 'utf8')).trim() };
}
