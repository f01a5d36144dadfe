// The permission table: the NATS configuration shipped in deploy/nats is what the generator makes of the
// callers table in libs/contracts, and the parts' code asks, serves and consumes only what that table gives
// each part. A new `bus.request` the table does not allow fails here (and the server would refuse it).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  Callers,
  Consumers,
  mayCall,
  owningService,
  type Part,
  PARTS,
  type RequestSubject,
} from '@custos/contracts';
import { natsAccountsConfig, partPermissions } from '@custos/messaging';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The part's source, tests left out. */
function sourceOf(part: Part): { file: string; text: string }[] {
  const dir = join(ROOT, 'apps', part, 'src');
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => ({ file: `apps/${part}/src/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

/** Every `<bus>.<method>(` call of a part: its first argument as written. */
function callsOf(part: Part, method: 'request' | 'serve' | 'consume'): { file: string; arg: string }[] {
  const pattern = new RegExp(`\\bbus\\.${method}(?:<[^>]*>)?\\(\\s*([^,)]+)`, 'g');
  return sourceOf(part).flatMap(({ file, text }) =>
    [...text.matchAll(pattern)].map((m) => ({ file, arg: m[1]!.trim() })),
  );
}

const literal = (arg: string): string | undefined => /^'([^']+)'$/.exec(arg)?.[1];

describe('deploy/nats', () => {
  it('ships the accounts file the generator makes of libs/contracts (node bin/custos.js nats-config)', () => {
    expect(read('deploy/nats/accounts-custos.conf')).toBe(natsAccountsConfig('custos'));
  });

  it('serves it with JetStream and never lets a client in without credentials', () => {
    const server = read('deploy/nats/custos.conf');
    expect(server).toMatch(/^include "accounts-custos\.conf"$/m);
    expect(server).toMatch(/^jetstream: enabled$/m);
    for (const file of ['deploy/nats/custos.conf', 'deploy/nats/accounts-custos.conf']) {
      const settings = read(file)
        .split('\n')
        .filter((l) => !l.trim().startsWith('#'))
        .join('\n');
      expect(settings, file).not.toMatch(/no_auth_user|authorization\s*\{|\btoken\s*:/);
    }
  });

  it('gives each part the subjects the callers table gives it, and no other part’s', () => {
    for (const part of PARTS) {
      const { publish, subscribe } = partPermissions('custos', part);
      for (const subject of Object.keys(Callers) as RequestSubject[]) {
        expect(publish.includes(`custos.${subject}`), `${part} publish ${subject}`).toBe(
          mayCall(part, subject),
        );
        const answers = subscribe.includes(`custos.${subject} custos.${part}`);
        expect(answers, `${part} subscribe ${subject}`).toBe(owningService(subject) === part);
      }
      // Nothing wider than the part's own: no wildcard over the namespace, another inbox or the whole JS API.
      for (const s of [...publish, ...subscribe]) {
        expect(s, part).not.toMatch(
          /^custos\.[*>]|^\$JS\.API\.>|^>$|^_INBOX\.|^\$JS\.API\.STREAM\.[A-Z]+\.\*/,
        );
      }
      expect(subscribe.filter((s) => s.startsWith('_INBOX'))).toEqual([`_INBOX_custos_${part}.>`]);
    }
    // The examples, spelled out.
    const gateway = partPermissions('custos', 'gateway').publish;
    expect(gateway).toContain('custos.query.v1.statements.find');
    expect(gateway).not.toContain('custos.storage.v1.statements.read');
    expect(partPermissions('custos', 'ingest').publish).not.toContain('custos.query.v1.statements.find');
  });
});

describe('the parts’ code against the callers table', () => {
  it('asks only what the callers table lets each part ask', () => {
    const asked: string[] = [];
    for (const part of PARTS) {
      for (const { file, arg } of callsOf(part, 'request')) {
        if (part === 'gateway' && arg === '`${part}.v1.health.check`') {
          // /readyz asks every other part.
          for (const other of PARTS.filter((p) => p !== 'gateway')) {
            expect(mayCall('gateway', `${other}.v1.health.check` as RequestSubject), other).toBe(true);
          }
          continue;
        }
        const subject = literal(arg);
        expect(subject, `${file}: bus.request(${arg}: the scan reads literal subjects only`).toBeDefined();
        expect(mayCall(part, subject as RequestSubject), `${file}: ${part} asks ${subject}`).toBe(true);
        asked.push(subject!);
      }
    }
    // The scan sees the calls (a regex that matched nothing would pass vacuously).
    expect(asked).toContain('storage.v1.statements.read');
    expect(asked).toContain('consent.v1.credentials.authenticate');
  });

  it('serves only its own subjects and consumes only the events the table gives it', () => {
    let served = 0;
    for (const part of PARTS) {
      for (const { file, arg } of callsOf(part, 'serve')) {
        const subject = literal(arg);
        expect(subject, `${file}: bus.serve(${arg}`).toBeDefined();
        expect(owningService(subject as RequestSubject), `${file}: ${part} serves ${subject}`).toBe(part);
        served += 1;
      }
      for (const { file, arg } of callsOf(part, 'consume')) {
        const event = literal(arg) as keyof typeof Consumers;
        expect(Consumers[event] as readonly string[], `${file}: ${part} consumes ${arg}`).toContain(part);
      }
    }
    expect(served).toBeGreaterThan(30);
  });
});

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

describe('deploy/k8s', () => {
  it('gives each part’s Deployment its own NKey seed from the Secret, and the example Secret names them all', () => {
    const example = read('deploy/k8s/base/secret.example.yaml');
    for (const part of PARTS) {
      const docs = parseAllDocuments(read(`deploy/k8s/base/${part}.yaml`)).map(
        (d) =>
          d.toJS() as { kind: string; spec: { template: { spec: { containers: { env?: EnvVar[] }[] } } } },
      );
      const deployment = docs.find((d) => d.kind === 'Deployment')!;
      const env = deployment.spec.template.spec.containers[0]!.env ?? [];
      const seed = env.find((e) => e.name === 'CUSTOS_NATS_NKEY_SEED');
      expect(seed?.value, part).toBeUndefined();
      expect(seed?.valueFrom?.secretKeyRef, part).toEqual({
        name: 'custos-secrets',
        key: `CUSTOS_NATS_${part.toUpperCase()}_NKEY_SEED`,
      });
      expect(example).toContain(`CUSTOS_NATS_${part.toUpperCase()}_NKEY_SEED: REPLACE_ME`);
    }
  });
});
