import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  ensureSigningKeyFile,
  generateSigningKeyPem,
  SIGNING_KEY_FILE,
  signingKeyFromPem,
} from './signing-key.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('local issuer signing key', () => {
  it('is generated once, kept with mode 0600, and read back the same', async () => {
    dir = await mkdtemp(join(tmpdir(), 'custos-key-'));
    const first = await ensureSigningKeyFile(dir);
    const second = await ensureSigningKeyFile(dir);
    expect(second).toBe(first);
    expect((await stat(join(dir, SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(signingKeyFromPem(first).publicKey.asymmetricKeyType).toBe('ed25519');
  });

  it('accepts a PEM with escaped line breaks and names the setting when the key is wrong', () => {
    const pem = generateSigningKeyPem();
    expect(() => signingKeyFromPem(pem.replace(/\n/g, '\\n'))).not.toThrow();
    expect(() => signingKeyFromPem('nonsense')).toThrow(/CUSTOS_JWT_PRIVATE_KEY/);
  });
});
