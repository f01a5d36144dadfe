import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from '@custos/config';
import { afterEach, describe, expect, it } from 'vitest';

import { loadQueryConfig } from './config.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

const withEnv = (env: Record<string, string>) => {
  process.env = { NATS_URL: 'nats://127.0.0.1:4222', ...env };
  return loadQueryConfig();
};

describe('query configuration', () => {
  it('refuses to start without the key more cursors are signed with', () => {
    expect(() => withEnv({})).toThrow(ConfigError);
    expect(() => withEnv({})).toThrow(/CUSTOS_CURSOR_KEY: is required in distributed mode/);
    expect(() => withEnv({ CUSTOS_CURSOR_KEY: 'too-short' })).toThrow(/at least 32 characters/);
  });

  it('takes the key from CUSTOS_CURSOR_KEY or the file CUSTOS_CURSOR_KEY_FILE names', () => {
    const key = 'a'.repeat(64);
    expect(withEnv({ CUSTOS_CURSOR_KEY: key }).CUSTOS_CURSOR_KEY).toBe(key);
    const file = join(mkdtempSync(join(tmpdir(), 'custos-query-')), 'cursor.key');
    writeFileSync(file, `${key}\n`);
    expect(withEnv({ CUSTOS_CURSOR_KEY_FILE: file }).CUSTOS_CURSOR_KEY).toBe(key);
  });
});
