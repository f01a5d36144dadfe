import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

import { ConfigError, type DatabaseTlsFiles } from '@custos/config';
import { afterAll, describe, expect, it } from 'vitest';

import { databaseConnectionOf } from './database-connection.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB-ca\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB-client\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMC4C-key\n-----END PRIVATE KEY-----\n';
const files: Record<string, string> = {
  '/run/db/ca.crt': CA,
  '/run/db/tls.crt': CERT,
  '/run/db/tls.key': KEY,
};
const read = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
};
const BASE = 'postgres://custos:s3cret@db.example.com:5432/custos';
const parse = (url: string, files: DatabaseTlsFiles = {}) => databaseConnectionOf(url, files, read);

/** The problems of the ConfigError `fn` throws. */
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('databaseConnectionOf', () => {
  it('no sslmode and no CA: no TLS, and ssl is explicit so PGSSLMODE cannot change it', () => {
    const c = parse(BASE);
    expect(c).toEqual({ url: BASE, sslmode: 'disable', ssl: false });
  });

  it('sslmode=disable: no TLS, the parameter is removed from the URL', () => {
    expect(parse(`${BASE}?sslmode=disable`)).toEqual({ url: BASE, sslmode: 'disable', ssl: false });
  });

  it('sslmode=require without a CA: encrypted, the server not verified (libpq), unlike node-postgres 8', () => {
    const c = parse(`${BASE}?sslmode=require`);
    expect(c.sslmode).toBe('require');
    expect(c.ssl).toEqual({ rejectUnauthorized: false });
    expect(c.url).toBe(BASE);
  });

  it('sslmode=require with a CA: the chain is verified, as verify-ca (libpq)', () => {
    const c = parse(`${BASE}?sslmode=require&sslrootcert=/run/db/ca.crt`);
    expect(c.ssl && c.ssl.ca).toBe(CA);
    expect(c.ssl && c.ssl.rejectUnauthorized).toBe(true);
    expect(c.ssl && c.ssl.checkServerIdentity?.('other.example.com', {} as PeerCertificate)).toBeUndefined();
  });

  it('sslmode=verify-ca: the CA is required and the host name is not checked', () => {
    const c = parse(`${BASE}?sslmode=verify-ca`, { CUSTOS_DATABASE_CA_FILE: '/run/db/ca.crt' });
    expect(c.ssl && c.ssl.ca).toBe(CA);
    expect(c.ssl && c.ssl.rejectUnauthorized).toBe(true);
    expect(c.ssl && c.ssl.checkServerIdentity).toBeTypeOf('function');
    expect(problemsOf(() => parse(`${BASE}?sslmode=verify-ca`))).toEqual([
      expect.stringMatching(/sslmode=verify-ca needs the CA .*CUSTOS_DATABASE_CA_FILE/),
    ]);
  });

  it("sslmode=verify-full: the CA from the URL, and Node's host-name check is left in place", () => {
    const c = parse(`${BASE}?sslmode=verify-full&sslrootcert=/run/db/ca.crt&application_name=x`);
    expect(c.sslmode).toBe('verify-full');
    expect(c.url).toBe(`${BASE}?application_name=x`);
    expect(c.ssl).toEqual({ rejectUnauthorized: true, ca: CA });
    // No checkServerIdentity override: tls.connect uses its default, which refuses a certificate for another name.
    expect(c.ssl && c.ssl.checkServerIdentity).toBeUndefined();
    const wrongName = { subject: { CN: 'other.example.com' }, subjectaltname: 'DNS:other.example.com' };
    expect(checkServerIdentity('db.example.com', wrongName as PeerCertificate)).toBeInstanceOf(Error);
  });

  it('a CA alone (CUSTOS_DATABASE_CA_FILE) means verify-full', () => {
    const c = parse(BASE, { CUSTOS_DATABASE_CA_FILE: '/run/db/ca.crt' });
    expect(c.sslmode).toBe('verify-full');
    expect(c.ssl).toEqual({ rejectUnauthorized: true, ca: CA });
  });

  it("sslrootcert=system: verify-full against the system's trusted CAs", () => {
    const c = parse(`${BASE}?sslmode=verify-full&sslrootcert=system`);
    expect(c.ssl).toEqual({ rejectUnauthorized: true });
  });

  it('reads a client certificate and key, from env or the URL', () => {
    const env = { CUSTOS_DATABASE_CERT_FILE: '/run/db/tls.crt', CUSTOS_DATABASE_KEY_FILE: '/run/db/tls.key' };
    const c = parse(`${BASE}?sslmode=verify-full&sslrootcert=/run/db/ca.crt`, env);
    expect(c.ssl).toEqual({ rejectUnauthorized: true, ca: CA, cert: CERT, key: KEY });
    const u = parse(`${BASE}?sslmode=verify-full&sslcert=/run/db/tls.crt&sslkey=/run/db/tls.key`);
    expect(u.ssl).toEqual({ rejectUnauthorized: true, cert: CERT, key: KEY });
    expect(u.url).toBe(BASE);
  });

  it('reads the CA from a real file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-ca-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'ca.crt'), CA);
    const c = databaseConnectionOf(`${BASE}?sslmode=verify-full`, {
      CUSTOS_DATABASE_CA_FILE: join(dir, 'ca.crt'),
    });
    expect(c.ssl && c.ssl.ca).toBe(CA);
    const missing = join(dir, 'nope.crt');
    expect(problemsOf(() => databaseConnectionOf(BASE, { CUSTOS_DATABASE_CA_FILE: missing }))).toEqual([
      `CUSTOS_DATABASE_CA_FILE: cannot read the CA certificate file ${missing} (ENOENT)`,
    ]);
  });

  it('names a missing or non-PEM file and where it was configured', () => {
    expect(problemsOf(() => parse(`${BASE}?sslmode=verify-full&sslrootcert=/run/db/missing.crt`))).toEqual([
      'DATABASE_URL sslrootcert: cannot read the CA certificate file /run/db/missing.crt (ENOENT)',
    ]);
    files['/run/db/junk'] = 'not a certificate';
    expect(problemsOf(() => parse(BASE, { CUSTOS_DATABASE_CA_FILE: '/run/db/junk' }))).toEqual([
      'CUSTOS_DATABASE_CA_FILE: /run/db/junk holds no PEM CA certificate',
    ]);
  });

  it('refuses contradictions and modes node-postgres cannot honour, all at once and without the password', () => {
    const problems = problemsOf(() =>
      parse(`${BASE}?sslmode=prefer&ssl=true&sslrootcert=/run/db/ca.crt`, {
        CUSTOS_DATABASE_CA_FILE: '/run/db/ca.crt',
        CUSTOS_DATABASE_CERT_FILE: '/run/db/tls.crt',
      }),
    );
    expect(problems).toEqual([
      'DATABASE_URL: use sslmode=…, not ssl=…',
      'CUSTOS_DATABASE_CA_FILE: set, and DATABASE_URL has sslrootcert too; give it once',
      expect.stringContaining('sslmode=prefer is not supported'),
      expect.stringContaining('needs both the certificate and its key'),
    ]);
    expect(problemsOf(() => parse(`${BASE}?sslmode=disable&sslrootcert=/run/db/ca.crt`))).toEqual([
      expect.stringContaining('sslmode=disable, but a CA'),
    ]);
    expect(problemsOf(() => parse(`${BASE}?sslmode=verify_full`))).toEqual([
      'DATABASE_URL: unknown sslmode=verify_full (disable, require, verify-ca, verify-full)',
    ]);
    const all = [
      ...problemsOf(() => parse('not a url s3cret')),
      ...problemsOf(() => parse('mysql://u:s3cret@h/db')),
    ];
    expect(all.join('\n')).not.toContain('s3cret');
  });
});
