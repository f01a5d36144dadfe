// What the configuration reference says of a setting comes from its schema: type, default, required, secret.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';

import { envBoolean, envPort } from './define-config.js';
import { configurationReferenceMarkdown, settingsReference } from './reference.js';

const parts = {
  a: {
    PORT: envPort(8080).describe('HTTP port'),
    FLAG: envBoolean(false).describe('a switch'),
    LEVEL: z.enum(['info', 'debug']).default('info').describe('log level'),
    KEY: z.string().optional().meta({ secret: true, description: 'a key' }),
    RATE: z.coerce.number().positive().default(1).describe('a rate'),
  },
  b: { PORT: envPort(9090), KEY: z.string().min(1), URL: z.string().url().describe('where') },
};

describe('settingsReference', () => {
  const byName = new Map(settingsReference(parts).map((s) => [s.name, s]));

  it('reads type, default and whether a part requires it from each part’s schema', () => {
    expect(byName.get('PORT')).toMatchObject({
      parts: ['a', 'b'],
      description: 'HTTP port',
      views: [
        { parts: ['a'], view: { type: 'integer 0–65535', default: '8080', required: false } },
        { parts: ['b'], view: { type: 'integer 0–65535', default: '9090', required: false } },
      ],
    });
    expect(byName.get('KEY')?.views.map((v) => v.view.required)).toEqual([false, true]);
    expect(byName.get('FLAG')?.views[0]?.view).toEqual({
      type: '`0` | `1` | `true` | `false` | `yes` | `no`', // zod keeps enum values as object keys
      default: 'false',
      required: false,
    });
    expect(byName.get('RATE')?.views[0]?.view.type).toBe('number > 0');
    expect(byName.get('URL')?.views[0]?.view).toEqual({ type: 'URL', default: undefined, required: true });
  });

  it('takes the description and secrecy from any part that declares them', () => {
    expect(byName.get('KEY')).toMatchObject({ secret: true, description: 'a key' });
    expect(byName.get('LEVEL')).toMatchObject({ secret: false, description: 'log level' });
  });
});

describe('configurationReferenceMarkdown', () => {
  it('renders one row per variable, per-part values where parts differ, pipes escaped', () => {
    const md = configurationReferenceMarkdown(parts, '# Reference');
    expect(md.startsWith('# Reference\n\n| variable |')).toBe(true);
    expect(md).toContain('| `PORT` | all | integer 0–65535 | `8080` (a); `9090` (b) | no | no | HTTP port |');
    expect(md).toContain('| `KEY` | all | string | — | no (a); yes (b) | yes | a key |');
    expect(md).toContain('| `LEVEL` | a | `info` \\| `debug` | `info` | no | no | log level |');
  });
});
