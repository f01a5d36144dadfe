// The ways a part signs in to NATS besides the shipped NKeys, against real nats-servers of this test's own
// (certificates and secrets made at run time): user and password in a tls:// URL with a private CA and a client
// certificate the server verifies, a token in the URL or a file, and a .creds file of an operator-mode server
// (decentralised JWT auth). A wrong secret, a missing client certificate or an unknown account is refused.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NatsBus, type NatsBusOptions } from '@custos/messaging';
import { createLogger } from '@custos/platform';
import { createAccount, createOperator, createUser, type KeyPair } from '@nats-io/nkeys';
import { freePort, waitFor } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const logger = createLogger('test', 'silent');
let dir: string;
const servers: ChildProcess[] = [];

/** A nats-server with `config` (and JetStream in the temp dir) on a free port; resolves once it listens. */
async function natsServer(name: string, config: string, withJetStream = true): Promise<number> {
  const port = await freePort();
  const file = join(dir, `${name}.conf`);
  const jetStream = withJetStream ? `jetstream { store_dir: ${JSON.stringify(join(dir, name))} }` : '';
  await writeFile(file, `${config}\n${jetStream}\n`);
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

const connectBus = (url: string, auth: NatsBusOptions['auth'] = {}, part?: NatsBusOptions['part']) =>
  NatsBus.connect({ url, auth, namespace: `t${Date.now().toString(36)}`, name: 'auth-test', logger, part });

const b64url = (text: string): string => Buffer.from(text).toString('base64url');

/** A NATS JWT (v2) of `subject`, signed by `signer`: what nsc writes, made here so no tool is needed. */
function natsJwt(signer: KeyPair, subject: string, nats: Record<string, unknown>): string {
  const claims = {
    iat: Math.floor(Date.now() / 1000),
    iss: signer.getPublicKey(),
    name: 'test',
    sub: subject,
  };
  const body = {
    ...claims,
    jti: createHash('sha256').update(JSON.stringify(claims)).digest('base64url'),
    nats: { ...nats, version: 2 },
  };
  const signed = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }))}.${b64url(JSON.stringify(body))}`;
  return `${signed}.${Buffer.from(signer.sign(new TextEncoder().encode(signed))).toString('base64url')}`;
}

const credsFile = (jwt: string, user: KeyPair): string =>
  `-----BEGIN NATS USER JWT-----\n${jwt}\n------END NATS USER JWT------\n\n` +
  `-----BEGIN USER NKEY SEED-----\n${new TextDecoder().decode(user.getSeed())}\n------END USER NKEY SEED------\n`;

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

  it('connects with a .creds file (decentralised JWT auth), and not with a user of an unknown account', async () => {
    const operator = createOperator();
    const account = createAccount();
    const stranger = createAccount();
    const limits = {
      subs: -1,
      data: -1,
      payload: -1,
      imports: -1,
      exports: -1,
      wildcards: true,
      conn: -1,
      leaf: -1,
    };
    const port = await natsServer(
      'operator',
      `operator: ${natsJwt(operator, operator.getPublicKey(), { type: 'operator' })}
       resolver: MEMORY
       resolver_preload: { ${account.getPublicKey()}: ${natsJwt(operator, account.getPublicKey(), { type: 'account', limits })} }`,
      // This account has no JetStream; the gateway's bus does not need it.
      false,
    );
    const userClaims = { type: 'user', pub: {}, sub: {}, subs: -1, data: -1, payload: -1 };
    const user = createUser();
    await writeFile(
      join(dir, 'gateway.creds'),
      credsFile(natsJwt(account, user.getPublicKey(), userClaims), user),
    );
    const bus = await connectBus(
      `nats://127.0.0.1:${port}`,
      { CUSTOS_NATS_CREDS_FILE: join(dir, 'gateway.creds') },
      'gateway',
    );
    try {
      await expect(roundTrip(bus)).resolves.toMatchObject({ ready: true });
    } finally {
      await bus.close();
    }
    const other = createUser();
    await writeFile(
      join(dir, 'other.creds'),
      credsFile(natsJwt(stranger, other.getPublicKey(), userClaims), other),
    );
    await expect(
      connectBus(`nats://127.0.0.1:${port}`, { CUSTOS_NATS_CREDS_FILE: join(dir, 'other.creds') }, 'gateway'),
    ).rejects.toThrow(/Authorization/i);
  });
});
