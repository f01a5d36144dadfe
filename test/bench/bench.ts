// `npm run bench [-- server|consent|agent|distributed …] [ms per figure] [--record]`: figures of
// Custos on this machine (docs/performance.md). Prints figures; asserts nothing but the sanity of
// what it measures. Bounded in time and requests, loopback only.
//   server       the raw PostgreSQL COPY baseline, then writes (batches of 100, single statements)
//                and reads (agent-filtered, newest 10) on a fresh standalone Custos: its embedded
//                PostgreSQL, or a scratch database on DATABASE_URL when that is set
//   consent      read latency with and without consent filtering on 1,000,000 statements (the data
//                set is built on the first run, in CUSTOS_BENCH_DATA_DIR or the OS temp directory,
//                and reused by later runs)
//   agent        read latency of the agent filter on the same data set
//   distributed  the baseline, batched writes and the agent read through the five parts as
//                separate processes, on a scratch database on DATABASE_URL and on NATS_URL
//   forwarding   statements forwarded from one standalone to another (docs/flows.md): throughput
//                received at the target and lag from write to receipt (needs DATABASE_URL)
// Without a part, all of them (distributed only when DATABASE_URL and NATS_URL are set, forwarding only
// when DATABASE_URL is).
// --record appends the figures to docs/performance/history.json and redraws the chart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { migrateAll, openStandaloneDatabase } from '@custos/standalone';
import {
  createScratchDatabase,
  deleteNamespaceStreams,
  spawnStandalone,
  startCluster,
  xapiClient,
} from '@custos/testing';
import pg from 'pg';

import { analyseParts } from './analyse.js';
import { benchOnDataSet } from './consent-bench.js';
import { copyBaseline, printBaseline } from './copy-baseline.js';
import { benchForwarding } from './forwarding-bench.js';
import { recordRun, type Recorded } from './history.js';
import { type Figure, type Load } from './measure.js';
import { scenariosOnEmptyStore } from './scenarios.js';
import { usageProbe } from './server-usage.js';

const PARTS = ['server', 'consent', 'agent', 'distributed', 'forwarding'] as const;
type Part = (typeof PARTS)[number];

const args = process.argv.slice(2);
const record = args.includes('--record');
const durationArg = args.find((a) => /^\d+$/.test(a));
const parts = args.filter((a) => a !== durationArg && a !== '--record');
const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown bench part ${unknown.join(', ')}: use ${PARTS.join(', ')} or none for all (and --record)\n`,
  );
  process.exit(2);
}
const DURATION_MS = Number(durationArg ?? 10_000);
const CONCURRENCY = 16;
const { DATABASE_URL, NATS_URL } = process.env;
const runs = (part: Part): boolean =>
  parts.includes(part) ||
  (parts.length === 0 &&
    (part !== 'distributed' || Boolean(DATABASE_URL && NATS_URL)) &&
    (part !== 'forwarding' || Boolean(DATABASE_URL)));

/** ANALYZEs the parts' tables on that database and says so (analyse.ts). */
const analyser = (databaseUrl: string) => async () => {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    process.stdout.write(`  ${await analyseParts(db)}\n`);
  } finally {
    await db.end();
  }
};

const KEY = 'bench';
const SECRET = 'bench-secret-not-for-production';
const recorded: Recorded[] = [];
const keep = (mode: string, figures: Figure[]) =>
  recorded.push(...figures.map((figure) => ({ mode, figure })));

/** The baseline and the scenarios on a fresh standalone, on the database it will use. */
async function benchStandalone(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'custos-bench-'));
  const scratch = DATABASE_URL ? await createScratchDatabase(DATABASE_URL) : undefined;
  // Opened here so the baseline runs on the very PostgreSQL the standalone then joins.
  const embedded = scratch ? undefined : await openStandaloneDatabase(dataDir);
  const databaseUrl = scratch?.url ?? embedded!.url;
  try {
    process.stdout.write(
      `Custos standalone (${scratch ? 'a scratch database on DATABASE_URL' : 'embedded PostgreSQL'}), ` +
        `${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s per figure\n`,
    );
    const baseline = await copyBaseline(databaseUrl, DURATION_MS);
    printBaseline(baseline);
    recorded.push({ mode: 'standalone', baseline: baseline.rowsPerSecond });
    const lrs = await spawnStandalone(dataDir, {
      CUSTOS_BOOTSTRAP_KEY: KEY,
      CUSTOS_BOOTSTRAP_SECRET: SECRET,
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    });
    const probe = usageProbe(() => [lrs.process.child.pid!], databaseUrl);
    try {
      const load: Load = { durationMs: DURATION_MS, concurrency: CONCURRENCY, probe };
      const xapi = xapiClient(lrs.baseUrl, KEY, SECRET);
      keep(
        'standalone',
        await scenariosOnEmptyStore(xapi, load, baseline.rowsPerSecond, 'all', analyser(databaseUrl)),
      );
    } finally {
      await probe.close();
      await lrs.stop();
    }
  } finally {
    await embedded?.stop();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same through five processes over NATS, on a scratch database of DATABASE_URL. */
async function benchDistributed(): Promise<void> {
  if (!DATABASE_URL || !NATS_URL) {
    throw new Error(
      'the distributed bench needs DATABASE_URL and NATS_URL (PostgreSQL and NATS with JetStream)',
    );
  }
  const scratch = await createScratchDatabase(DATABASE_URL);
  try {
    process.stdout.write(
      `\nCustos distributed (gateway, ingest, storage, consent, query as processes; a scratch database on ` +
        `DATABASE_URL, NATS_URL), ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s per figure\n`,
    );
    const baseline = await copyBaseline(scratch.url, DURATION_MS);
    printBaseline(baseline);
    recorded.push({ mode: 'distributed', baseline: baseline.rowsPerSecond });
    // The distributed parts do not migrate; a deployment runs the migrations first (its Job).
    await migrateAll(scratch.url);
    const cluster = await startCluster({
      databaseUrl: scratch.url,
      natsUrl: NATS_URL,
      env: { CUSTOS_BOOTSTRAP_KEY: KEY, CUSTOS_BOOTSTRAP_SECRET: SECRET },
    });
    const probe = usageProbe(() => [...cluster.processes.values()].map((p) => p.child.pid!), scratch.url);
    try {
      const load: Load = { durationMs: DURATION_MS, concurrency: CONCURRENCY, probe };
      const xapi = xapiClient(cluster.baseUrl, KEY, SECRET);
      keep(
        'distributed',
        await scenariosOnEmptyStore(xapi, load, baseline.rowsPerSecond, 'distributed', analyser(scratch.url)),
      );
    } finally {
      await probe.close();
      await cluster.stop();
      await deleteNamespaceStreams(NATS_URL, cluster.namespace);
    }
  } finally {
    await scratch.drop();
  }
}

if (runs('server')) await benchStandalone();
if (runs('consent') || runs('agent')) {
  keep(
    'standalone, 1 M statements',
    await benchOnDataSet(
      { durationMs: DURATION_MS / 2, concurrency: CONCURRENCY, minRequests: 10 },
      process.env.CUSTOS_BENCH_DATA_DIR ?? join(tmpdir(), 'custos-bench-consent'),
      { consent: runs('consent'), agent: runs('agent') },
    ),
  );
}
if (runs('distributed')) await benchDistributed();
else if (parts.length === 0) {
  process.stdout.write('\n(distributed skipped: DATABASE_URL and NATS_URL are not both set)\n');
}
if (runs('forwarding')) {
  if (!DATABASE_URL) throw new Error('the forwarding bench needs DATABASE_URL (two scratch databases)');
  keep(
    'forwarding',
    await benchForwarding(DATABASE_URL, { durationMs: DURATION_MS, concurrency: CONCURRENCY }),
  );
}
if (record) process.stdout.write(`\n${recordRun(recorded)}\n`);
