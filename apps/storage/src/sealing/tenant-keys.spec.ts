import { randomBytes } from 'node:crypto';

import { ServiceUnavailableError } from '@custos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startVaultTransit, type VaultTransitStandIn } from '@custos/testing';
import { ExpiringLru } from './data-keys.js';
import { FileTenantKeys, tenantKeysFrom, VaultTransitTenantKeys } from './tenant-keys.js';

describe('the file tenant keys', () => {
  it('wrap and unwrap a data key per tenant, and a key wrapped for one tenant does not open for another', async () => {
    const keys = tenantKeysFrom({ provider: 'file', key: randomBytes(32).toString('hex') });
    const dek = randomBytes(32);
    const wrapped = await keys.wrap('t1', dek);
    expect(wrapped).not.toContain(dek.toString('base64'));
    expect((await keys.unwrap('t1', wrapped)).equals(dek)).toBe(true);
    await expect(keys.unwrap('t2', wrapped)).rejects.toThrow();
    // Another installation key: not the same tenant key.
    await expect(new FileTenantKeys(randomBytes(32)).unwrap('t1', wrapped)).rejects.toThrow();
    expect(keys.kekId).toMatch(/^file:[0-9a-f]{16}$/);
  });

  it('refuse a short key, naming the setting and not the value', () => {
    expect(() => tenantKeysFrom({ provider: 'file', key: 'abcd' })).toThrow(/CUSTOS_KEY_STORE_KEY/);
  });
});

describe('the vault tenant keys (Vault transit API)', () => {
  let vault: VaultTransitStandIn;
  beforeAll(async () => {
    vault = await startVaultTransit();
  });
  afterAll(async () => {
    await vault.close();
  });

  it('wrap through transit/encrypt into a vault:v1: ciphertext and unwrap through transit/decrypt', async () => {
    const keys = tenantKeysFrom({ provider: 'vault', url: vault.url, token: vault.token, keyName: 'custos' });
    const dek = randomBytes(32);
    const wrapped = await keys.wrap('t1', dek);
    expect(wrapped).toMatch(/^vault:v1:/);
    expect((await keys.unwrap('t1', wrapped)).equals(dek)).toBe(true);
    expect(keys.kekId).toBe('vault:custos');
    // The tenant is sealed in with the key: a row moved to another tenant does not unwrap there.
    await expect(keys.unwrap('t2', wrapped)).rejects.toThrow(/another tenant/);
  });

  it('answer 503 when the KMS is down or unreachable, and a plain error when it refuses', async () => {
    const keys = new VaultTransitTenantKeys(vault.url, vault.token, 'custos');
    vault.down = true;
    try {
      await expect(keys.wrap('t1', randomBytes(32))).rejects.toBeInstanceOf(ServiceUnavailableError);
    } finally {
      vault.down = false;
    }
    const unreachable = new VaultTransitTenantKeys('http://127.0.0.1:1', vault.token, 'custos');
    await expect(unreachable.wrap('t1', randomBytes(32))).rejects.toBeInstanceOf(ServiceUnavailableError);
    const wrongToken = new VaultTransitTenantKeys(vault.url, 'not-the-token', 'custos');
    await expect(wrongToken.wrap('t1', randomBytes(32))).rejects.toThrow(/refused the encrypt \(403\)/);
  });
});

describe('the data-key cache', () => {
  it('forgets an entry after its time, and the least recently used first when full', () => {
    let now = 0;
    const cache = new ExpiringLru<number>(1000, 2, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3); // b is the least recently used
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
  });
});
