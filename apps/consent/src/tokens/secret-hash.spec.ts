import { describe, expect, it } from 'vitest';

import { generateKey, generateSecret, hashSecret, verifySecret } from './secret-hash.js';

describe('secret hashing', () => {
  it('verifies the secret it hashed and nothing else', async () => {
    const secret = generateSecret();
    const stored = await hashSecret(secret);
    expect(stored).not.toContain(secret);
    await expect(verifySecret(secret, stored)).resolves.toBe(true);
    await expect(verifySecret(`${secret}x`, stored)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashSecret('same')).not.toBe(await hashSecret('same'));
  });

  it('rejects a malformed stored hash', async () => {
    await expect(verifySecret('x', 'plain')).resolves.toBe(false);
  });

  it('makes keys that can never be mistaken for a command-line option', () => {
    const keys = Array.from({ length: 1000 }, generateKey);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(keys).size).toBe(1000);
  });
});
