// A stand-in for HashiCorp Vault's transit engine (an external system, so tests may replace it): the two calls
// the `vault` tenant-key provider makes, POST /v1/transit/encrypt/<key> and /decrypt/<key>, with base64 plaintext,
// `vault:v1:` ciphertexts and the X-Vault-Token header, as Vault documents them. Keys live in memory.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VaultTransitStandIn {
  url: string;
  token: string;
  /** Calls answered, by operation. */
  calls: { encrypt: number; decrypt: number };
  /** Answers 503 to every call while true (a KMS down). */
  down: boolean;
  close: () => Promise<void>;
}

export async function startVaultTransit(): Promise<VaultTransitStandIn> {
  const token = `hvs.${randomBytes(12).toString('hex')}`;
  const keys = new Map<string, Buffer>();
  const keyOf = (name: string) => {
    if (!keys.has(name)) keys.set(name, randomBytes(32));
    return keys.get(name)!;
  };
  const state: Omit<VaultTransitStandIn, 'url' | 'close'> = {
    token,
    calls: { encrypt: 0, decrypt: 0 },
    down: false,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (state.down) return answer(503, { errors: ['Vault is sealed'] });
      if (req.headers['x-vault-token'] !== token) return answer(403, { errors: ['permission denied'] });
      const match = /^\/v1\/transit\/(encrypt|decrypt)\/([\w.-]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return answer(404, { errors: [] });
      const [, operation, name] = match;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
      const key = keyOf(name!);
      if (operation === 'encrypt') {
        state.calls.encrypt += 1;
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const ct = Buffer.concat([
          cipher.update(Buffer.from(body.plaintext ?? '', 'base64')),
          cipher.final(),
        ]);
        const sealed = Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
        return answer(200, { data: { ciphertext: `vault:v1:${sealed}`, key_version: 1 } });
      }
      state.calls.decrypt += 1;
      const raw = Buffer.from(String(body.ciphertext ?? '').replace(/^vault:v1:/, ''), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
        return answer(200, { data: { plaintext: plain.toString('base64') } });
      } catch {
        return answer(400, { errors: ['invalid ciphertext: unable to decrypt'] });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
