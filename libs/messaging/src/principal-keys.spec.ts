// The keys of signed principals are configuration (ADR 0006): a distributed part without them, or with keys
// that are not Ed25519 PEM, refuses to start with one error naming every problem; two verification keys (a
// rotation) are read from one value or file; a refusal flood is counted, not recorded.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from '@custos/config';
import { afterAll, describe, expect, it } from 'vitest';

import { RefusalLimiter } from './principal-gate.js';
import { principalKeysOf, standalonePrincipalKeys } from './principal-keys.js';

const pair = () => generateKeyPairSync('ed25519');
const pkcs8 = (k = pair()) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const spki = (k = pair()) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'custos-principal-keys-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('principal keys from configuration', () => {
  it('refuses to start a part without verification keys, or a gateway without a signing key', () => {
    expect(() => principalKeysOf({}, { sign: false, verify: true })).toThrow(ConfigError);
    expect(() => principalKeysOf({}, { sign: false, verify: true })).toThrow(
      /CUSTOS_PRINCIPAL_VERIFY_KEYS: is required/,
    );
    expect(() => principalKeysOf({}, { sign: true, verify: false })).toThrow(
      /CUSTOS_PRINCIPAL_SIGNING_KEY: is required/,
    );
  });

  it('names keys that are not Ed25519 PEM, never their content', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const config = {
      CUSTOS_PRINCIPAL_SIGNING_KEY: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      CUSTOS_PRINCIPAL_VERIFY_KEYS: 'not a key',
    };
    let error: ConfigError | undefined;
    try {
      principalKeysOf(config, { sign: true, verify: true });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.problems).toEqual([
      'CUSTOS_PRINCIPAL_SIGNING_KEY: must be an Ed25519 key (openssl genpkey -algorithm ed25519)',
      'CUSTOS_PRINCIPAL_VERIFY_KEYS: holds no SPKI PEM public key',
    ]);
  });

  it('reads two verification keys (a rotation) and the signing key from files', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'verify.pem'), `${spki()}\n${spki()}`);
    await writeFile(join(dir, 'sign.pem'), pkcs8());
    const keys = principalKeysOf(
      {
        CUSTOS_PRINCIPAL_VERIFY_KEYS_FILE: join(dir, 'verify.pem'),
        CUSTOS_PRINCIPAL_SIGNING_KEY_FILE: join(dir, 'sign.pem'),
        CUSTOS_PRINCIPAL_TTL_SECONDS: 30,
      },
      { sign: true, verify: true },
    );
    expect(keys.verifyKeys).toHaveLength(2);
    expect(keys.signingKey?.asymmetricKeyType).toBe('ed25519');
    expect(keys.ttlSeconds).toBe(30);
    expect(() =>
      principalKeysOf(
        { CUSTOS_PRINCIPAL_VERIFY_KEYS_FILE: join(dir, 'missing.pem') },
        { sign: false, verify: true },
      ),
    ).toThrow(/CUSTOS_PRINCIPAL_VERIFY_KEYS_FILE: cannot read/);
  });

  it('keeps standalone key in the data directory (0600), the same across restarts', async () => {
    const dir = await tempDir();
    const first = await standalonePrincipalKeys({}, dir);
    const again = await standalonePrincipalKeys({}, dir);
    const file = join(dir, 'principal-signing-key.pem');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.signingKey?.export({ type: 'pkcs8', format: 'pem' })).toBe(await readFile(file, 'utf8'));
    expect(again.signingKey?.export({ type: 'pkcs8', format: 'pem' })).toBe(await readFile(file, 'utf8'));
    // It verifies what it signs.
    expect(first.verifyKeys).toHaveLength(1);
  });
});

describe('the refusal limiter', () => {
  it('records at most PER_TENANT refusals a minute per tenant, and carries the count of the others', () => {
    let now = 0;
    const limiter = new RefusalLimiter(() => now);
    for (let i = 0; i < RefusalLimiter.PER_TENANT; i += 1) {
      expect(limiter.admit('a')).toEqual({ suppressed: 0 });
    }
    expect(limiter.admit('a')).toBeUndefined();
    expect(limiter.admit('a')).toBeUndefined();
    // Another tenant is not crowded out by the first.
    expect(limiter.admit('b')).toEqual({ suppressed: 0 });
    now += 60_000;
    expect(limiter.admit('a')).toEqual({ suppressed: 2 });
    expect(limiter.admit('a')).toEqual({ suppressed: 0 });
  });

  it('records at most TOTAL refusals a minute over all tenants', () => {
    const limiter = new RefusalLimiter(() => 0);
    let recorded = 0;
    for (let i = 0; i < RefusalLimiter.TOTAL + 50; i += 1) if (limiter.admit(`t${i}`)) recorded += 1;
    expect(recorded).toBe(RefusalLimiter.TOTAL);
  });
});
