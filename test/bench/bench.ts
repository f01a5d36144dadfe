// `npm run bench`: throughput of the standalone server on this machine, as a user would run it
// (one process, embedded PostgreSQL). Prints figures; asserts nothing. Bounded in time and
// requests, loopback only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { aStatement, spawnStandalone, xapiClient, type XapiClient } from '@custos/testing';

const DURATION_MS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = 8;

interface Figure {
  name: string;
  requests: number;
  statements: number;
  seconds: number;
  p50: number;
  p95: number;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function measure(name: string, perRequest: number, send: () => Promise<number>): Promise<Figure> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + DURATION_MS;
  let failures = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const status = await send();
        latencies.push(performance.now() - t);
        if (status >= 300) failures += 1;
      }
    }),
  );
  if (failures > 0) throw new Error(`${name}: ${failures} requests failed`);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    statements: latencies.length * perRequest,
    seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
  };
}

function print(f: Figure): void {
  process.stdout.write(
    `${f.name.padEnd(34)} ${(f.statements / f.seconds).toFixed(0).padStart(7)} statements/s ` +
      `${(f.requests / f.seconds).toFixed(0).padStart(6)} requests/s  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms\n`,
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'custos-bench-'));
  const lrs = await spawnStandalone(dataDir, {
    CUSTOS_BOOTSTRAP_KEY: 'bench',
    CUSTOS_BOOTSTRAP_SECRET: 'bench-secret-not-for-production',
  });
  try {
    const xapi: XapiClient = xapiClient(lrs.baseUrl, 'bench', 'bench-secret-not-for-production');
    process.stdout.write(
      `Custos standalone, ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s per figure\n`,
    );
    await xapi.postStatements(aStatement()); // warm-up
    print(
      await measure('POST single statement', 1, async () => (await xapi.postStatements(aStatement())).status),
    );
    print(
      await measure(
        'POST batch of 100 statements',
        100,
        async () => (await xapi.postStatements(Array.from({ length: 100 }, () => aStatement()))).status,
      ),
    );
    print(
      await measure(
        'GET statements (limit 10)',
        10,
        async () => (await xapi.getStatements({ limit: '10' })).status,
      ),
    );
  } finally {
    await lrs.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
