import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ConfigError, defineConfig } from './define-config.js';

const shape = { SECRET: z.string().min(4), OTHER: z.string().default('x') };
const fileWith = (content: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'custos-config-')), 'secret');
  writeFileSync(file, content);
  return file;
};

describe('defineConfig <KEY>_FILE', () => {
  it('reads a key from the file <KEY>_FILE names, without its trailing line break', () => {
    expect(defineConfig(shape, { SECRET_FILE: fileWith('s3cret-value\n') })).toEqual({
      SECRET: 's3cret-value',
      OTHER: 'x',
    });
  });

  it('leaves a <KEY>_FILE that the schema declares itself to the code that reads it', () => {
    const file = fileWith('s3cret-value');
    const own = { ...shape, SECRET_FILE: z.string().optional() };
    expect(defineConfig(own, { SECRET_FILE: file, SECRET: 'abcd' })).toEqual({
      SECRET: 'abcd',
      SECRET_FILE: file,
      OTHER: 'x',
    });
  });

  it('keeps line breaks inside the value (a PEM)', () => {
    const pem = '-----BEGIN KEY-----\nabc\n-----END KEY-----\n';
    expect(defineConfig(shape, { SECRET_FILE: fileWith(pem) }).SECRET).toBe(pem.trimEnd());
  });

  it('refuses both the key and its file, naming the setting and never the value', () => {
    const run = () => defineConfig(shape, { SECRET: 'inline-value', SECRET_FILE: fileWith('from-file') });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/SECRET_FILE: set SECRET or SECRET_FILE, not both/);
    expect(run).not.toThrow(/inline-value|from-file/);
  });

  it('names an unreadable file once, and still the other problems', () => {
    try {
      defineConfig(
        { ...shape, PORT: z.coerce.number().int() },
        { SECRET_FILE: '/nonexistent/x', PORT: 'no' },
      );
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'SECRET_FILE: cannot read /nonexistent/x (ENOENT)',
        expect.stringMatching(/^PORT: /),
      ]);
    }
  });
});
