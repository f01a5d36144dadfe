// A sample of `npm run fuzz` (test/fuzz) in the timed suite: a few hundred inputs drawn from every
// category — statements breaking Data rules, queries, headers, multipart bodies, documents, /api/v1
// bodies, logins and Basic headers, the alternate request syntax — against the conformance LRS.
// xAPI 2.0 Communication §3.2: bad input is a 4xx, never a 5xx; and nothing refused is stored.
// The seed is fixed so a failure replays with `npm run fuzz -- --seed 20261207 --only <i>`.
import { describe, expect, inject, it } from 'vitest';

import { runFuzz } from '../fuzz/runner.js';
import { mergeAcknowledged, setUpFuzz } from '../fuzz/setup.js';
import { storedFromRefused } from '../fuzz/stored.js';
import { startLrs } from './lrs.js';

const SEED = 20261207;
const INPUTS = 300;

describe('fuzz sample (Communication §3.2: bad input is a 4xx)', () => {
  it('answers every input below 500 and stores nothing it refused', async () => {
    const lrs = await startLrs();
    try {
      const setup = await setUpFuzz(lrs.baseUrl, {
        credential: (tenantId, scopes) => lrs.credentials.create(scopes, tenantId),
        person: (tenantId, person) =>
          lrs.people.create(tenantId, { ...person, roles: person.roles as never }),
      });
      const run = await runFuzz(setup.ctx, {
        baseUrl: lrs.baseUrl,
        count: INPUTS,
        seed: SEED,
        concurrency: 6,
        alive: async () => (await fetch(`${lrs.baseUrl}/healthz`)).status === 200,
      });
      expect(run.sent).toBe(INPUTS);
      expect(run.crashed).toBeUndefined();
      const failures = [...run.serverErrors, ...run.noResponse].map(
        (f) =>
          `#${f.index} ${f.category} ${f.status}: ${f.response.slice(0, 100)} ← ${f.request.slice(0, 300)}`,
      );
      expect(failures).toEqual([]);
      const stored = await storedFromRefused(
        inject('databaseUrl'),
        setup.tenants,
        mergeAcknowledged(run.acknowledged, setup.made),
      );
      expect(stored).toEqual([]);
      // The sample reached past validation: some inputs were accepted, some refused.
      const statuses = [...run.histogram.values()].flatMap((counts) => [...counts.keys()]);
      expect(statuses).toEqual(expect.arrayContaining(['200', '400']));
    } finally {
      await lrs.close();
    }
  });
});
