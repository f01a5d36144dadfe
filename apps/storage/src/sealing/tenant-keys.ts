// Tenant keys (KEKs): what data keys are wrapped under before they are stored in the key store (docs/adr/0013,
// part 2). One interface, two providers:
// - `file`: a 256-bit installation key (CUSTOS_KEY_STORE_KEY, or a file standalone generates beside its data), from
//   which each tenant's key is derived (HKDF-SHA256); wrapping is AES-256-GCM in this process;
// - `vault`: a KMS that holds the key and never hands it out, here HashiCorp Vault's transit engine (POST
//   /v1/transit/encrypt/<key> and /decrypt/<key>): every wrap and unwrap is one HTTP call, made only on a cache
//   miss (data-keys.ts). The tenant is sealed in with the data key, so a row moved to another tenant fails.
import { createHash, hkdfSync } from 'node:crypto';

import { ServiceUnavailableError } from '@custos/contracts';

import { open, seal } from '@custos/platform';

export interface TenantKeys {
  /** Names the tenant key a data key is wrapped under; kept beside each wrapped key. */
  readonly kekId: string;
  wrap(tenantId: string, dek: Buffer): Promise<string>;
  /** Throws when `wrapped` is not a data key of `tenantId` under this tenant key. */
  unwrap(tenantId: string, wrapped: string): Promise<Buffer>;
}

export const TENANT_KEYS = Symbol('TENANT_KEYS');

/** How the tenant keys are configured (StorageModuleOptions.keyStore). */
export type TenantKeySettings =
  { provider: 'file'; key: string } | { provider: 'vault'; url: string; token: string; keyName: string };

const HEX_32 = /^(?:[0-9a-fA-F]{2}){32,}$/;

export class FileTenantKeys implements TenantKeys {
  readonly kekId: string;
  private readonly tenantKeys = new Map<string, Buffer>();

  constructor(private readonly installationKey: Buffer) {
    // Names the key without revealing it, so an operator can tell which file a store was made under.
    this.kekId = `file:${createHash('sha256').update(installationKey).digest('hex').slice(0, 16)}`;
  }

  private tenantKey(tenantId: string): Buffer {
    let key = this.tenantKeys.get(tenantId);
    if (!key) {
      key = Buffer.from(
        hkdfSync('sha256', this.installationKey, Buffer.alloc(0), `custos tenant key v1:${tenantId}`, 32),
      );
      this.tenantKeys.set(tenantId, key);
    }
    return key;
  }

  // Promises (rejected, never thrown) like every provider's: callers treat them alike.
  wrap(tenantId: string, dek: Buffer): Promise<string> {
    return Promise.resolve().then(() =>
      seal(this.tenantKey(tenantId), `custos data key v1:${tenantId}`, dek).toString('base64'),
    );
  }

  unwrap(tenantId: string, wrapped: string): Promise<Buffer> {
    return Promise.resolve().then(() =>
      open(this.tenantKey(tenantId), `custos data key v1:${tenantId}`, Buffer.from(wrapped, 'base64')),
    );
  }
}

/** Vault transit: the tenant id and a NUL before the data key, so unwrap checks whose key it was. */
export class VaultTransitTenantKeys implements TenantKeys {
  readonly kekId: string;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly keyName: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.kekId = `vault:${keyName}`;
  }

  private async call(
    operation: 'encrypt' | 'decrypt',
    body: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const target = `${this.url.replace(/\/+$/, '')}/v1/transit/${operation}/${encodeURIComponent(this.keyName)}`;
    let res: Response;
    try {
      res = await this.fetchImpl(target, {
        method: 'POST',
        headers: { 'X-Vault-Token': this.token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      // A KMS out of reach is a dependency down: the write or read is refused with 503 and may be retried.
      throw new ServiceUnavailableError('the key management service is unreachable');
    }
    if (!res.ok) {
      if (res.status >= 500 || res.status === 429) {
        throw new ServiceUnavailableError(`the key management service answered ${res.status}`);
      }
      throw new Error(`the key management service refused the ${operation} (${res.status})`);
    }
    const answer = (await res.json()) as { data?: Record<string, unknown> };
    return answer.data ?? {};
  }

  async wrap(tenantId: string, dek: Buffer): Promise<string> {
    const plaintext = Buffer.concat([Buffer.from(`${tenantId}\0`, 'utf8'), dek]).toString('base64');
    const data = await this.call('encrypt', { plaintext });
    if (typeof data.ciphertext !== 'string' || !data.ciphertext.startsWith('vault:')) {
      throw new Error('the key management service answered no ciphertext');
    }
    return data.ciphertext;
  }

  async unwrap(tenantId: string, wrapped: string): Promise<Buffer> {
    const data = await this.call('decrypt', { ciphertext: wrapped });
    const plain = Buffer.from(typeof data.plaintext === 'string' ? data.plaintext : '', 'base64');
    const prefix = Buffer.from(`${tenantId}\0`, 'utf8');
    if (!plain.subarray(0, prefix.length).equals(prefix) || plain.length !== prefix.length + 32) {
      throw new Error('the key management service answered a data key of another tenant');
    }
    return plain.subarray(prefix.length);
  }
}

/** The provider the settings name; errors name the setting, never the secret. */
export function tenantKeysFrom(settings: TenantKeySettings): TenantKeys {
  if (settings.provider === 'vault') {
    return new VaultTransitTenantKeys(settings.url, settings.token, settings.keyName);
  }
  if (!HEX_32.test(settings.key.trim())) {
    throw new Error('CUSTOS_KEY_STORE_KEY must be at least 32 bytes as hex (openssl rand -hex 32)');
  }
  return new FileTenantKeys(Buffer.from(settings.key.trim(), 'hex'));
}

/**
 * The installation key of the `file` provider when CUSTOS_KEY_STORE_KEY is unset: derived from the audit pseudonym
 * key (as the hold key is), so an installation that has not set it still works.
 */
export const derivedKeyStoreKey = (auditPseudonymKey: Buffer): string =>
  Buffer.from(hkdfSync('sha256', auditPseudonymKey, Buffer.alloc(0), 'custos key store v1', 32)).toString(
    'hex',
  );
