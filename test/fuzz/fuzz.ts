// `npm run fuzz [-- N] [--seed S] [--concurrency C] [--only i,j]`: hostile input against a running
// Custos, the way an attacker or a broken client would send it. Starts a fresh standalone server
// (embedded PostgreSQL, temporary data directory, free loopback port), sets up credentials and
// people, sends N inputs drawn with fast-check (default 100,000), then checks in the database that
// nothing was stored from refused input. Prints a status histogram per category and ends with
//   fuzz: N inputs, 0 responses >= 500, 0 crashes, 0 stored from refused input
// exiting non-zero if any count is not 0. The seed is printed; `--seed S --only i` replays input #i.
import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConsentModule, CredentialsService, PeopleService } from '@custos/consent';
import { openStandaloneDatabase } from '@custos/standalone';
import { inProcessContext, spawnStandalone } from '@custos/testing';

import { CATEGORIES } from './inputs.js';
import { describe, drawInput, type Finding, type FuzzRun, runFuzz } from './runner.js';
import { mergeAcknowledged, setUpFuzz } from './setup.js';
import { storedFromRefused } from './stored.js';

interface Args {
  count: number;
  seed: number;
  concurrency: number;
  only?: number[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    count: 100_000,
    seed: Number(process.env.CUSTOS_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31)),
    concurrency: 12,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i]!.split('=', 2);
    const value = () => inline ?? argv[++i] ?? '';
    if (/^\d+$/.test(flag!)) args.count = Number(flag);
    else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '--concurrency') args.concurrency = Number(value());
    else if (flag === '--only') args.only = value().split(',').map(Number);
    else {
      process.stderr.write(
        `unknown argument ${argv[i]}: use [N] [--seed S] [--concurrency C] [--only i,j]\n`,
      );
      process.exit(2);
    }
  }
  const bad = [args.count, args.seed, args.concurrency, ...(args.only ?? [])].some(
    (n) => !Number.isInteger(n) || n < 0,
  );
  if (bad || args.concurrency < 1) {
    process.stderr.write('N, --seed, --concurrency and --only take non-negative integers\n');
    process.exit(2);
  }
  return args;
}

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

function printHistogram(run: FuzzRun): void {
  out('per category: inputs, mean time to answer, count per status');
  for (const category of CATEGORIES) {
    const counts = run.histogram.get(category);
    if (!counts) continue;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const statuses = [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, n]) => `${s}:${n}`);
    const ms = (run.waited.get(category) ?? 0) / total;
    out(
      `  ${category.padEnd(20)} ${String(total).padStart(7)}  ${ms.toFixed(0).padStart(4)} ms  ${statuses.join(' ')}`,
    );
  }
}

/** Findings grouped by category, status and the start of the answer; a few reproducers each. */
function printFindings(title: string, findings: Finding[], seed: number): void {
  if (findings.length === 0) return;
  out(`\n${title}: ${findings.length}`);
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.category} ${f.status} ${f.response.slice(0, 120)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const [key, group] of groups) {
    out(`- ${group.length} × ${key}`);
    for (const f of group.slice(0, 2)) {
      out(`    #${f.index} (replay: npm run fuzz -- --seed ${seed} --only ${f.index}): ${f.request}`);
    }
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'custos-fuzz-'));
  out(
    `fuzz: seed ${args.seed}, ${args.only ? `inputs ${args.only.join(',')}` : `${args.count} inputs`}, concurrency ${args.concurrency}`,
  );
  const lrs = await spawnStandalone(dataDir, {
    CUSTOS_LOG_LEVEL: 'error',
    // The inputs send wrong secrets for the run's own keys: unthrottled, so the valid ones keep reaching every
    // path (the throttle's own tests are test/conformance/sign-in-throttle.spec.ts and the e2e suite).
    CUSTOS_SIGN_IN__FREE_FAILURES: '1000000000',
    CUSTOS_SIGN_IN__ACCOUNT_FREE_FAILURES: '1000000000',
    CUSTOS_SIGN_IN__ADDRESS_FREE_FAILURES: '1000000000',
  });
  const database = await openStandaloneDatabase(dataDir);
  const consent = await inProcessContext([
    ConsentModule.forRoot({
      databaseUrl: database.url,
      poolSize: 1,
      publicUrl: lrs.baseUrl,
      bootstrapOnStart: false,
      // A tool, not a part: the running server's relay sends its audit records.
      outboxRelay: false,
    }),
  ]);
  try {
    const credentials = consent.get(CredentialsService);
    const people = consent.get(PeopleService);
    const setup = await setUpFuzz(lrs.baseUrl, {
      credential: async (tenantId, scopes) => {
        const { credential, secret } = await credentials.create({ tenantId, name: 'fuzz', scopes });
        return { key: credential.key, secret };
      },
      person: (tenantId, person) => people.create(tenantId, { ...person, roles: person.roles as never }),
    });
    if (args.only) {
      for (const i of args.only) out(`input #${i}: ${describe(drawInput(setup.ctx, args.seed, i), 4000)}`);
    }
    const alive = async () => {
      if (lrs.process.child.exitCode !== null || lrs.process.child.signalCode !== null) return false;
      const res = await fetch(`${lrs.baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
      return res.status === 200;
    };
    let reported = 0;
    const run = await runFuzz(setup.ctx, {
      baseUrl: lrs.baseUrl,
      count: args.count,
      seed: args.seed,
      concurrency: args.concurrency,
      ...(args.only && { only: args.only }),
      alive,
      progress: (r) => {
        if (r.sent - reported < 10_000) return;
        reported = r.sent;
        const s = ((performance.now() - started) / 1000).toFixed(0);
        out(`  … ${r.sent} inputs, ${r.serverErrors.length} responses >= 500 (${s} s)`);
      },
    });
    const stored = run.crashed
      ? []
      : await storedFromRefused(database.url, setup.tenants, mergeAcknowledged(run.acknowledged, setup.made));

    out();
    printHistogram(run);
    printFindings('responses >= 500', run.serverErrors, args.seed);
    printFindings('requests without an answer', run.noResponse, args.seed);
    if (stored.length > 0) {
      out(`\nstored from refused input: ${stored.length}`);
      for (const s of stored.slice(0, 20)) out(`- ${s.table} ${s.id}`);
    }
    // A replay shows what the server logged about it (a 500's stack).
    if (args.only) out(`\nserver log (tail):\n${lrs.process.output().slice(-8000)}`);
    const crashes = run.crashed ? 1 : 0;
    if (run.crashed) out(`\ncrash: ${run.crashed}\n${lrs.process.output().slice(-4000)}`);
    out(`\nseed ${args.seed}; ${((performance.now() - started) / 1000).toFixed(0)} s`);
    out(
      `fuzz: ${run.sent} inputs, ${run.serverErrors.length} responses >= 500, ${crashes} crashes, ` +
        `${stored.length} stored from refused input` +
        (run.noResponse.length > 0 ? `, ${run.noResponse.length} without an answer` : ''),
    );
    return run.serverErrors.length + crashes + stored.length + run.noResponse.length === 0 ? 0 : 1;
  } finally {
    await consent.close();
    await lrs.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exit(await main());
