// Standalone runs the same check as NATS (ADR 0006): the in-process bus signs where it holds the signing key,
// forwards the admitted assertion on nested requests, and refuses (and records) a principal it cannot verify.
import { generateKeyPairSync } from 'node:crypto';

import type { PrincipalV1 } from '@custos/contracts';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { InProcessBus } from './in-process-bus.js';
import type { PrincipalRefusal } from './principal-gate.js';
import { runInRequestContext } from './request-context.js';

const logger = pino({ level: 'silent' });
const principal: PrincipalV1 = {
  kind: 'person',
  tenantId: 'tenant-a',
  personId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  username: 'ada',
  roles: ['admin'],
  groupIds: [],
  agentIfiHashes: ['learner-hash-never-recorded'],
};

function serveQueryAskingConsent(bus: InProcessBus) {
  bus.serve('consent.v1.ability.get', async () => ({ rules: [] }));
  bus.serve('query.v1.statements.find', async (req) => {
    // A nested request for the same principal: the admitted assertion travels on.
    await bus.request('consent.v1.ability.get', { principal: req.principal });
    return { statements: [], consistentThrough: new Date().toISOString() };
  });
}

describe('the in-process bus and signed principals', () => {
  it('signs, admits and forwards the assertion of a principal on nested requests', async () => {
    const bus = new InProcessBus(logger);
    serveQueryAskingConsent(bus);
    const found = await runInRequestContext('r1', () =>
      bus.request('query.v1.statements.find', {
        principal,
        version: '2.0.0',
        params: {},
        acceptLanguages: [],
      }),
    );
    expect(found.statements).toEqual([]);
  });

  it('refuses a principal it cannot verify with 401, and records it without learner data', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    // A bus that verifies but cannot sign: what every distributed part is.
    const bus = new InProcessBus(logger, { verifyKeys: [publicKey], ttlSeconds: 60 });
    serveQueryAskingConsent(bus);
    const recorded: PrincipalRefusal[] = [];
    bus.onPrincipalRefused('query', async (r) => {
      recorded.push(r);
    });
    await expect(
      runInRequestContext('r2', () =>
        bus.request('query.v1.statements.find', {
          principal,
          version: '2.0.0',
          params: {},
          acceptLanguages: [],
        }),
      ),
    ).rejects.toMatchObject({ status: 401 });
    expect(recorded).toEqual([
      {
        tenantId: 'tenant-a',
        part: 'query',
        subject: 'query.v1.statements.find',
        reason: 'missing',
        principalId: principal.personId,
        principalKind: 'person',
        requestId: 'r2',
      },
    ]);
    expect(JSON.stringify(recorded)).not.toMatch(/learner-hash|ada/);
  });

  it('leaves requests that carry no principal alone (health, storage, authentication)', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const bus = new InProcessBus(logger, { verifyKeys: [publicKey], ttlSeconds: 60 });
    bus.serve('storage.v1.health.check', async () => ({ service: 'storage', ready: true, checks: {} }));
    await expect(bus.request('storage.v1.health.check', {})).resolves.toBeDefined();
  });
});
