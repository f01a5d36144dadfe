// Read latency of GET /xapi/statements on the consent data set (1,000,000 statements, 10,000
// grants), once as a client reading the whole tenant (`statements/read`: no consent filtering)
// and once as the consumer whose access comes from a `consent` policy and the learners' grants
// (an EXISTS over consent.active_grant_subject in the statement query). Over HTTP against a
// standalone Custos, like a user's dashboard would ask.
import { spawnStandalone } from '@custos/testing';

import { benchAgentFilter, type Get } from './agent-bench.js';
import { type ConsentDataSet, ONE_GRANT_LEARNER, openConsentDataSet } from './consent-data-set.js';
import { grantsConsent, learnerOfActor, moduleIri, verbIri } from './learning-records.js';
import { type Figure, type Load, measure, print } from './measure.js';
import { usageProbe } from './server-usage.js';

type Page = Awaited<ReturnType<Get>>['page'];

function getter(baseUrl: string, authorization: string): Get {
  return async (params) => {
    const res = await fetch(`${baseUrl}/xapi/statements?${new URLSearchParams(params).toString()}`, {
      headers: { Authorization: authorization, 'X-Experience-API-Version': '2.0.0' },
    });
    const text = await res.text();
    return { status: res.status, page: (res.status === 200 ? JSON.parse(text) : { statements: [] }) as Page };
  };
}

async function signIn(
  baseUrl: string,
  dataSet: ConsentDataSet,
  consumer: { username: string; password: string } = dataSet.consumer,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: dataSet.tenantId, ...consumer }),
  });
  if (res.status !== 200) throw new Error(`consumer login answered ${res.status}`);
  return `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
}

/** The query shapes measured: a dashboard's newest page, and the same narrowed by verb or activity. */
const SHAPES: { name: string; params: Record<string, string> }[] = [
  { name: 'newest 10', params: { limit: '10' } },
  { name: 'verb=passed', params: { limit: '10', verb: verbIri('passed') } },
  { name: 'activity=c7/m3', params: { limit: '10', activity: moduleIri(7, 3) } },
];

async function benchConsentFiltering(
  load: Load,
  reader: Get,
  consumer: Get,
  oneGrant: Get,
): Promise<Figure[]> {
  await checkAccess(reader, consumer);
  await checkOneGrant(oneGrant);
  process.stdout.write(
    `${load.concurrency} concurrent clients, ${load.durationMs / 1000} s per figure; ` +
      `pages checked: the consumer sees only granting learners\n`,
  );
  const ratios: string[] = [];
  const figures: Figure[] = [];
  for (const shape of SHAPES) {
    const send = (get: Get) => async () => (await get(shape.params)).status;
    const all: Figure = await measure(`GET ${shape.name}, statements/read`, 10, load, send(reader));
    print(all);
    const granted: Figure = await measure(`GET ${shape.name}, consent grants`, 10, load, send(consumer));
    print(granted);
    figures.push(all, granted);
    ratios.push(`${shape.name} ${(granted.p50 / all.p50).toFixed(2)}x`);
  }
  process.stdout.write(`p50 filtered/unfiltered: ${ratios.join(', ')}\n`);
  // The other end of the goal "p99 ≤ 25 ms for a consumer with 1 grant or 10,000": read from the grant side.
  const one: Figure = await measure('GET newest 10, consumer with 1 grant', 10, load, async () => {
    return (await oneGrant({ limit: '10' })).status;
  });
  print(one);
  figures.push(one);
  return figures;
}

/** Sanity: the one-grant consumer's page is full and holds only the learner who granted. */
async function checkOneGrant(oneGrant: Get): Promise<void> {
  const { status, page } = await oneGrant({ limit: '10' });
  if (status !== 200) throw new Error(`consumer with 1 grant: answered ${status}`);
  if (page.statements.length !== 10) {
    throw new Error(
      `consumer with 1 grant: ${page.statements.length} statements, the figure would mean nothing`,
    );
  }
  if (page.statements.some((s) => learnerOfActor(s.actor) !== ONE_GRANT_LEARNER)) {
    throw new Error('consumer with 1 grant: the page holds statements of a learner who did not grant');
  }
}

/**
 * Sanity, before any figure counts: both readers get non-empty pages; the consumer sees only
 * learners who granted; the unfiltered reader sees others too, so the filter really filters.
 */
async function checkAccess(reader: Get, consumer: Get): Promise<void> {
  for (const shape of SHAPES) {
    const all = await reader({ ...shape.params, limit: '50' });
    const granted = await consumer({ ...shape.params, limit: '50' });
    const learnersOf = (p: Page) => p.statements.map((s) => learnerOfActor(s.actor));
    if (all.status !== 200 || granted.status !== 200) {
      throw new Error(`${shape.name}: answered ${all.status} / ${granted.status}`);
    }
    if (all.page.statements.length === 0 || granted.page.statements.length === 0) {
      throw new Error(`${shape.name}: an empty page, the figures would mean nothing`);
    }
    const leaked = learnersOf(granted.page).filter((l) => l === undefined || !grantsConsent(l));
    if (leaked.length > 0) {
      throw new Error(`${shape.name}: the consumer got statements of learners who did not grant`);
    }
    if (learnersOf(all.page).every((l) => l !== undefined && grantsConsent(l))) {
      throw new Error(
        `${shape.name}: the unfiltered page holds only granting learners; the filter is not tested`,
      );
    }
  }
}

/** The parts measured on the data set: consent filtering, the agent filter, or both. */
export interface DataSetParts {
  consent: boolean;
  agent: boolean;
}

export async function benchOnDataSet(load: Load, dataDir: string, parts: DataSetParts): Promise<Figure[]> {
  const data = await openConsentDataSet(dataDir);
  const { dataSet } = data;
  const figures: Figure[] = [];
  try {
    process.stdout.write(
      `\nOn ${dataSet.statements.toLocaleString('en')} statements about ` +
        `${dataSet.learners.toLocaleString('en')} learners, ${dataSet.grants.toLocaleString('en')} active grants ` +
        (data.seeded
          ? `(data set built in ${dataSet.seedSeconds} s, kept in ${dataDir})\n`
          : `(data set reused from ${dataDir}; delete it to rebuild)\n`),
    );
    // The standalone joins the PostgreSQL this process started on the same data directory.
    const lrs = await spawnStandalone(dataDir);
    const probe = usageProbe(() => [lrs.process.child.pid!], data.databaseUrl);
    load = { ...load, probe };
    try {
      const reader = getter(
        lrs.baseUrl,
        `Basic ${Buffer.from(`${dataSet.reader.key}:${dataSet.reader.secret}`).toString('base64')}`,
      );
      if (parts.consent) {
        const consumer = getter(lrs.baseUrl, await signIn(lrs.baseUrl, dataSet));
        if (!dataSet.oneGrantConsumer) throw new Error('the data set has no one-grant consumer');
        const oneGrant = getter(lrs.baseUrl, await signIn(lrs.baseUrl, dataSet, dataSet.oneGrantConsumer));
        figures.push(...(await benchConsentFiltering(load, reader, consumer, oneGrant)));
      }
      if (parts.agent) figures.push(...(await benchAgentFilter(load, reader)));
    } finally {
      await probe.close();
      await lrs.stop();
    }
  } finally {
    await data.stop();
  }
  return figures;
}
