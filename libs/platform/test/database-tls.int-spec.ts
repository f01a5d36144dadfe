// DATABASE_URL's sslmode reaches a real TLS handshake (database-connection.ts): a PostgreSQL server of the
// test's own with a certificate for "localhost" only, signed by a CA made here. verify-full must refuse the same
// server reached by its IP address (the name is checked), verify-ca must accept it, and a foreign CA is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DatabaseTlsFiles } from '@custos/config';
import { createOwnedDataSource } from '@custos/platform';
import { postgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'custos-pg-tls-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function makeCa(name: string): void {
  openssl(
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '1', '-subj', `/CN=${name}`,
  ); // prettier-ignore
}

let server: ThrowawayPostgres | undefined;
let port = '';

beforeAll(async () => {
  if (!postgresBinDir()) return;
  makeCa('ca');
  makeCa('other-ca');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl(
    'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost',
  ); // prettier-ignore
  openssl(
    'x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext',
  ); // prettier-ignore
  server = await startThrowawayPostgres({
    files: {
      'server.crt': readFileSync(join(dir, 'server.crt'), 'utf8'),
      'server.key': readFileSync(join(dir, 'server.key'), 'utf8'),
    },
    settings: { ssl: 'on', ssl_cert_file: 'server.crt', ssl_key_file: 'server.key' },
  });
  port = new URL(server.url).port;
}, 60_000);

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Connects through createOwnedDataSource and answers whether the session is encrypted. */
async function sessionUsesTls(url: string, tls: DatabaseTlsFiles = {}): Promise<boolean> {
  const ds = createOwnedDataSource({ url, tls, schema: 'public', entities: [], migrations: [], poolSize: 1 });
  await ds.initialize();
  try {
    const rows: { ssl: boolean }[] = await ds.query(
      'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
    );
    return rows[0]!.ssl;
  } finally {
    await ds.destroy();
  }
}

const ca = () => join(dir, 'ca.crt');

describe.skipIf(!postgresBinDir())('PostgreSQL over TLS (needs the PostgreSQL server binaries)', () => {
  it('verify-full connects over TLS when the certificate names the host', async () => {
    expect(
      await sessionUsesTls(
        `postgres://postgres@localhost:${port}/postgres?sslmode=verify-full&sslrootcert=${ca()}`,
      ),
    ).toBe(true);
    // The CA from CUSTOS_DATABASE_CA_FILE, the way the Kubernetes Secret supplies it.
    const url = `postgres://postgres@localhost:${port}/postgres?sslmode=verify-full`;
    expect(await sessionUsesTls(url, { CUSTOS_DATABASE_CA_FILE: ca() })).toBe(true);
  });

  it('verify-full refuses the same server under a name its certificate does not carry', async () => {
    const url = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=verify-full&sslrootcert=${ca()}`;
    await expect(sessionUsesTls(url)).rejects.toThrow(/IP: 127\.0\.0\.1 is not in the cert's list|altnames/i);
  });

  it('verify-ca accepts that server: the chain is checked, not the name', async () => {
    const url = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=verify-ca&sslrootcert=${ca()}`;
    expect(await sessionUsesTls(url)).toBe(true);
  });

  it('verify-full refuses a certificate from another CA', async () => {
    const other = join(dir, 'other-ca.crt');
    const url = `postgres://postgres@localhost:${port}/postgres?sslmode=verify-full&sslrootcert=${other}`;
    await expect(sessionUsesTls(url)).rejects.toThrow(/unable to verify|self.signed|certificate/i);
  });

  it('disable stays in plain text on the same server', async () => {
    expect(await sessionUsesTls(`postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`)).toBe(
      false,
    );
  });
});
