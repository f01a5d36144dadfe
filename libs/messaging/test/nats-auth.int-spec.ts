// The ways a part signs in to NATS besides the shipped NKeys, against real nats-servers of this test's own
// (certificates and secrets made at run time): user and password in a tls:// URL with a private CA and a client
// certificate the server verifies, and a token in the URL or a file. A wrong secret or a missing client
// certificate is refused by the server.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NatsBus, type NatsBusOptions } from '@custos/messaging';
import { createLogger } from '@custos/platform';
import { freePort, waitFor } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const logger = createLogger('test', 'silent');
let dir: string;
const servers: ChildProcess[] = [];

/** A nats-server with `config` (and JetStream in the temp dir) on a free port; resolves once it listens. */
async function natsServer(name: string, config: string): Promise<number> {
  const port = await freePort();
  const file = join(dir, `${name}.conf`);
  await writeFile(file, `${config}\njetstream { store_dir: ${JSON.stringify(join(dir, name))} }\n`);
  const child = spawn(bin, ['-c', file, '-a', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  await waitFor(`nats-server ${name}`, async () => output.includes('Server is ready'), 10_000).catch(() => {
    throw new Error(output);
  });
  return port;
}

const openssl = (...args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
};

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function certificates(): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-subj',
    '/CN=custos-test-ca',
    '-days',
    '1',
  );
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    execFileSync('sh', ['-c', `printf '${ext}\\n' > ${name}.ext`], { cwd: dir });
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  }
}

const connectBus = (url: string, auth: NatsBusOptions['auth'] = {}) =>
  NatsBus.connect({ url, auth, namespace: `t${Date.now().toString(36)}`, name: 'auth-test', logger });

/** The bus works end to end: it answers its own request. */
async function roundTrip(bus: NatsBus): Promise<unknown> {
  bus.serve('ingest.v1.health.check', async () => ({ service: 'ingest', ready: true, checks: {} }));
  return bus.request('ingest.v1.health.check', {}, { timeoutMs: 5_000 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-nats-auth-'));
});

afterAll(async () => {
  for (const s of servers) s.kill('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('NATS sign-in besides NKeys', () => {
  it('connects over TLS (private CA, verified client certificate) with user and password from the URL', async () => {
    certificates();
    const port = await natsServer(
      'tls',
      `tls { cert_file: "${dir}/server.crt", key_file: "${dir}/server.key", ca_file: "${dir}/ca.crt", verify: true }
       authorization { users: [ { user: "ingest", password: "p@ss word" } ] }`,
    );
    const tlsFiles = {
      CUSTOS_NATS_TLS_CA_FILE: join(dir, 'ca.crt'),
      CUSTOS_NATS_TLS_CERT_FILE: join(dir, 'client.crt'),
      CUSTOS_NATS_TLS_KEY_FILE: join(dir, 'client.key'),
    };
    const bus = await connectBus(`tls://ingest:p%40ss%20word@127.0.0.1:${port}`, tlsFiles);
    try {
      await expect(roundTrip(bus)).resolves.toMatchObject({ ready: true });
    } finally {
      await bus.close();
    }
    await expect(connectBus(`tls://ingest:wrong@127.0.0.1:${port}`, tlsFiles)).rejects.toThrow(
      /Authorization/i,
    );
    // Without the client certificate the server ends the TLS handshake.
    await expect(
      connectBus(`tls://ingest:p%40ss%20word@127.0.0.1:${port}`, {
        CUSTOS_NATS_TLS_CA_FILE: tlsFiles.CUSTOS_NATS_TLS_CA_FILE,
      }),
    ).rejects.toThrow();
  });

  it('connects with a token from the URL or a file, and not with another', async () => {
    const port = await natsServer('token', 'authorization { token: "s3cr3t-token" }');
    const tokenFile = join(dir, 'token.txt');
    await writeFile(tokenFile, 's3cr3t-token\n');
    for (const bus of [
      await connectBus(`nats://s3cr3t-token@127.0.0.1:${port}`),
      await connectBus(`nats://127.0.0.1:${port}`, { CUSTOS_NATS_TOKEN_FILE: tokenFile }),
    ]) {
      try {
        await expect(roundTrip(bus)).resolves.toMatchObject({ ready: true });
      } finally {
        await bus.close();
      }
    }
    await expect(connectBus(`nats://127.0.0.1:${port}`, { CUSTOS_NATS_TOKEN: 'guess' })).rejects.toThrow(
      /Authorization/i,
    );
    await expect(connectBus(`nats://127.0.0.1:${port}`)).rejects.toThrow(/Authorization/i);
  });
});
