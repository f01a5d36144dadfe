// `npm run bench [-- server|consent|agent] [ms per figure]`: figures of Custos on this machine,
// as a user would run it (standalone: one process, embedded PostgreSQL). Prints figures; asserts
// nothing but the sanity of what it measures. Bounded in time and requests, loopback only.
//   server   write and read throughput on a fresh, empty installation
//   consent  read latency with and without consent filtering on 1,000,000 statements (the data
//            set is built on the first run, in CUSTOS_BENCH_DATA_DIR or the OS temp directory,
//            and reused by later runs)
//   agent    read latency of the agent filter on the same data set, for a learner with
//            statements and for one with none
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { aStatement, spawnStandalone, xapiClient, type XapiClient } from '@custos/testing';

import { benchOnDataSet } from './consent-bench.js';
import { type Load, measure, print } from './measure.js';
import { StageShare } from './stage-timings.js';

const args = process.argv.slice(2);
const durationArg = args.find((a) => /^\d+$/.test(a));
const parts = args.filter((a) => a !== durationArg);
const unknown = parts.filter((p) => p !== 'server' && p !== 'consent' && p !== 'agent');
if (unknown.length > 0) {
  process.stderr.write(
    `unknown bench part ${unknown.join(', ')}: use server, consent, agent or none for all\n`,
  );
  process.exit(2);
}
const DURATION_MS = Number(durationArg ?? 10_000);
const runs = (part: string): boolean => parts.length === 0 || parts.includes(part);

async function benchServer(load: Load): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'custos-bench-'));
  const lrs = await spawnStandalone(dataDir, {
    CUSTOS_BOOTSTRAP_KEY: 'bench',
    CUSTOS_BOOTSTRAP_SECRET: 'bench-secret-not-for-production',
  });
  try {
    const xapi: XapiClient = xapiClient(lrs.baseUrl, 'bench', 'bench-secret-not-for-production');
    process.stdout.write(
      `Custos standalone, ${load.concurrency} concurrent clients, ${load.durationMs / 1000} s per figure\n`,
    );
    await xapi.postStatements(aStatement()); // warm-up
    print(
      await measure(
        'POST single statement',
        1,
        load,
        async () => (await xapi.postStatements(aStatement())).status,
      ),
    );
    print(
      await measure(
        'POST batch of 100 statements',
        100,
        load,
        async () => (await xapi.postStatements(Array.from({ length: 100 }, () => aStatement()))).status,
      ),
    );
    // Every read is audited; its Server-Timing says how much of it the audit step took.
    const audit = new StageShare('audit');
    print(
      await measure('GET statements (limit 10)', 10, load, async () => {
        const res = await xapi.getStatements({ limit: '10' });
        audit.add(res.headers.get('server-timing'));
        return res.status;
      }),
    );
    audit.print('GET statements (limit 10)');
  } finally {
    await lrs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (runs('server')) await benchServer({ durationMs: DURATION_MS, concurrency: 8 });
if (runs('consent') || runs('agent')) {
  await benchOnDataSet(
    { durationMs: DURATION_MS / 2, concurrency: 2, minRequests: 10 },
    process.env.CUSTOS_BENCH_DATA_DIR ?? join(tmpdir(), 'custos-bench-consent'),
    { consent: runs('consent'), agent: runs('agent') },
  );
}
