import { ConfigError } from '@custos/config';
import { createUser } from '@nats-io/nkeys';
import type { Authenticator } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';

import { natsConnectionOptions, redactNatsUrl, type NatsClientSettings } from './nats-connection.js';

const identity = { namespace: 'custos', part: 'ingest' };
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
};
const files =
  (contents: Record<string, string>) =>
  (path: string): string =>
    contents[path] ?? noFiles(path);

const options = (settings: Partial<NatsClientSettings>, read = noFiles) =>
  natsConnectionOptions({ NATS_URL: 'nats://nats:4222', ...settings }, identity, read);

/** What the client would send in CONNECT for a nonce. */
const auth = (settings: Partial<NatsClientSettings>, read = noFiles) =>
  (options(settings, read).authenticator as Authenticator)('nonce');

const problemsOf = (work: () => unknown): string[] => {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('natsConnectionOptions', () => {
  it('connects an open development server with no authenticator and the part’s own inbox prefix', () => {
    expect(options({})).toEqual({ servers: 'nats:4222', inboxPrefix: '_INBOX_custos_ingest' });
  });

  it('takes user and password from the URL, decoded, and keeps them out of the server list', () => {
    const o = options({ NATS_URL: 'nats://ingest:p%40ss%3Aword@nats.example:4333' });
    expect(o.servers).toBe('nats.example:4333');
    expect((o.authenticator as Authenticator)('n')).toEqual({ user: 'ingest', pass: 'p@ss:word' });
  });

  it('takes a token from the URL', () => {
    expect(auth({ NATS_URL: 'nats://s3cr3t@nats' })).toEqual({ auth_token: 's3cr3t' });
  });

  it('takes user and password from the environment, the password also from a file', () => {
    expect(auth({ CUSTOS_NATS_USER: 'query', CUSTOS_NATS_PASSWORD: 'pw' })).toEqual({
      user: 'query',
      pass: 'pw',
    });
    expect(
      auth(
        { CUSTOS_NATS_USER: 'query', CUSTOS_NATS_PASSWORD_FILE: '/run/secrets/pw' },
        files({ '/run/secrets/pw': 'from-file\n' }),
      ),
    ).toEqual({ user: 'query', pass: 'from-file' });
  });

  it('takes a token from the environment or a file', () => {
    expect(auth({ CUSTOS_NATS_TOKEN: 't' })).toEqual({ auth_token: 't' });
    expect(auth({ CUSTOS_NATS_TOKEN_FILE: '/t' }, files({ '/t': 'tf\n' }))).toEqual({ auth_token: 'tf' });
  });

  it('signs the server nonce with an NKey seed from the environment or a file', () => {
    const user = createUser();
    const seed = new TextDecoder().decode(user.getSeed());
    for (const a of [
      auth({ CUSTOS_NATS_NKEY_SEED: seed }),
      auth({ CUSTOS_NATS_NKEY_SEED_FILE: '/seed' }, files({ '/seed': `${seed}\n` })),
    ]) {
      expect(a).toMatchObject({ nkey: user.getPublicKey() });
      const sig = Buffer.from((a as { sig: string }).sig, 'base64url');
      expect(user.verify(new TextEncoder().encode('nonce'), sig)).toBe(true);
    }
  });

  it('reads a decentralised .creds file', () => {
    const user = createUser();
    const creds = [
      '-----BEGIN NATS USER JWT-----',
      'eyJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.sig',
      '------END NATS USER JWT------',
      '',
      '-----BEGIN USER NKEY SEED-----',
      new TextDecoder().decode(user.getSeed()),
      '------END USER NKEY SEED------',
      '',
    ].join('\n');
    expect(auth({ CUSTOS_NATS_CREDS_FILE: '/c' }, files({ '/c': creds }))).toMatchObject({
      jwt: 'eyJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.sig',
      nkey: user.getPublicKey(),
    });
  });

  it('turns on TLS for tls:// URLs and reads the CA, client certificate and key files', () => {
    expect(options({ NATS_URL: 'tls://nats:4222' }).tls).toEqual({});
    expect(
      options(
        {
          CUSTOS_NATS_TLS_CA_FILE: '/ca',
          CUSTOS_NATS_TLS_CERT_FILE: '/crt',
          CUSTOS_NATS_TLS_KEY_FILE: '/key',
        },
        files({ '/ca': 'CA', '/crt': 'CRT', '/key': 'KEY' }),
      ).tls,
    ).toEqual({ ca: 'CA', cert: 'CRT', key: 'KEY' });
  });

  it('refuses contradictory, incomplete and unreadable settings, naming each and no secret', () => {
    const seed = new TextDecoder().decode(createUser().getSeed());
    const problems = problemsOf(() =>
      options({
        NATS_URL: 'nats://tok3n@nats',
        CUSTOS_NATS_TOKEN: 'a',
        CUSTOS_NATS_TOKEN_FILE: '/t',
        CUSTOS_NATS_NKEY_SEED: seed,
        CUSTOS_NATS_TLS_CERT_FILE: '/crt',
      }),
    );
    expect(problems).toEqual([
      'CUSTOS_NATS_TOKEN and CUSTOS_NATS_TOKEN_FILE: set one of them, not both',
      'NATS authentication: configure one way, not token in NATS_URL and CUSTOS_NATS_NKEY_SEED',
      'CUSTOS_NATS_TLS_CERT_FILE and CUSTOS_NATS_TLS_KEY_FILE: a client certificate needs both',
    ]);
    expect(problems.join('\n')).not.toMatch(/tok3n|SU[A-Z2-7]{10}/);

    expect(problemsOf(() => options({ CUSTOS_NATS_USER: 'u' }))).toEqual([
      'CUSTOS_NATS_PASSWORD or CUSTOS_NATS_PASSWORD_FILE: required with CUSTOS_NATS_USER',
    ]);
    expect(problemsOf(() => options({ CUSTOS_NATS_PASSWORD: 'p' }))).toEqual([
      'CUSTOS_NATS_USER: required with CUSTOS_NATS_PASSWORD(_FILE)',
    ]);
    expect(problemsOf(() => options({ CUSTOS_NATS_NKEY_SEED_FILE: '/missing' }))).toEqual([
      'CUSTOS_NATS_NKEY_SEED_FILE: cannot read /missing (ENOENT)',
    ]);
    expect(problemsOf(() => options({ CUSTOS_NATS_NKEY_SEED: 'SUnot-a-seed' }))).toEqual([
      'CUSTOS_NATS_NKEY_SEED: not a user NKey seed (58 characters starting with SU)',
    ]);
    expect(problemsOf(() => options({ CUSTOS_NATS_CREDS_FILE: '/c' }, files({ '/c': 'junk' })))).toEqual([
      'CUSTOS_NATS_CREDS_FILE: not a NATS .creds file (a user JWT and its NKey seed)',
    ]);
    expect(problemsOf(() => options({ NATS_URL: 'http://nats:4222' }))).toEqual([
      'NATS_URL: scheme must be nats:// or tls://, not http://',
    ]);
  });
});

describe('redactNatsUrl', () => {
  it('hides users, passwords and tokens and leaves other URLs alone', () => {
    expect(redactNatsUrl('nats://ingest:secret@nats:4222')).toBe('nats://REDACTED@nats:4222');
    expect(redactNatsUrl('nats://tok@nats:4222')).toBe('nats://REDACTED@nats:4222');
    expect(redactNatsUrl('tls://nats:4222')).toBe('tls://nats:4222');
  });
});
