// docs/configuration.md is what the generator makes of the parts' schemas (`npm run docs:config`): a setting added,
// renamed or changed in a schema without regenerating the file fails here, as does a setting without a description.
import { readFileSync } from 'node:fs';

import { settingsReference } from '@custos/config';
import { describe, expect, it } from 'vitest';

import { configurationReference, PART_SHAPES } from './config-reference.js';

const DOC = new URL('../../../docs/configuration.md', import.meta.url);

describe('docs/configuration.md', () => {
  it('is what `custos config-reference` makes of the schemas (npm run docs:config)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(configurationReference());
  });

  it('describes every setting of every part', () => {
    const undescribed = settingsReference(PART_SHAPES)
      .filter((s) => !s.description)
      .map((s) => s.name);
    expect(undescribed).toEqual([]);
  });

  it('marks the credentials and keys as secrets, and nothing public', () => {
    const secrets = settingsReference(PART_SHAPES)
      .filter((s) => s.secret)
      .map((s) => s.name);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'CUSTOS_AUDIT_PSEUDONYM_KEY',
        'CUSTOS_AUDIT_SIGNING_KEY',
        'CUSTOS_BOOTSTRAP_SECRET',
        'CUSTOS_CURSOR_KEY',
        'CUSTOS_JWT_PRIVATE_KEY',
        'CUSTOS_NATS_NKEY_SEED',
        'CUSTOS_NATS_PASSWORD',
        'CUSTOS_NATS_TOKEN',
        'CUSTOS_PRINCIPAL_SIGNING_KEY',
      ]),
    );
    for (const pub of ['CUSTOS_PRINCIPAL_VERIFY_KEYS', 'NATS_URL', 'CUSTOS_PUBLIC_URL', 'CUSTOS_NAMESPACE']) {
      expect(secrets).not.toContain(pub);
    }
  });

  it('names the parts a key is required by where standalone generates it instead', () => {
    const row = readFileSync(DOC, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('| `CUSTOS_AUDIT_SIGNING_KEY` |'));
    expect(row).toContain('| yes (storage); no (standalone, cli) | yes |');
  });
});
