// The scenarios on a freshly started Custos (standalone or distributed): SCORM-style writes in
// batches of 100 and one by one, then reads of what they wrote — a learner's newest 10 (the agent
// filter) and the tenant's newest 10, with the share of the audit step (Server-Timing).
import type { XapiClient } from '@custos/testing';

import { type Figure, type Load, measure, print } from './measure.js';
import { aScormStatement } from './scorm-statement.js';
import { StageShare } from './stage-timings.js';

/** The writes spread over this many learners in 10 courses (even a 3 s run gives each some). */
const LEARNERS = 200;
let sent = 0;
const next = () => {
  sent += 1;
  return aScormStatement(sent % LEARNERS, sent % 10, sent);
};

const agentOf = (learner: number): string =>
  JSON.stringify({
    objectType: 'Agent',
    account: { homePage: 'https://lms.example.org', name: `learner-${learner}` },
  });

async function printed(f: Promise<Figure>, baseline?: number): Promise<Figure> {
  const figure = await f;
  print(figure, baseline);
  return figure;
}

/** `all`: every scenario; `distributed`: the two the distributed goal names (batched POST, agent GET). */
export async function scenariosOnEmptyStore(
  xapi: XapiClient,
  load: Load,
  baseline: number,
  which: 'all' | 'distributed',
  /** Run between the writes and the reads: planner statistics for what the writes left (analyse.ts). */
  beforeReads: () => Promise<void>,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const sentBefore = sent;
  const warmUp = await xapi.postStatements(Array.from({ length: 100 }, next));
  if (warmUp.status !== 200) throw new Error(`warm-up POST answered ${warmUp.status}`);

  const batch = 'POST batch of 100 statements';
  figures.push(
    await printed(
      measure(
        batch,
        100,
        load,
        async () => (await xapi.postStatements(Array.from({ length: 100 }, next))).status,
      ),
      baseline,
    ),
  );
  if (which === 'all') {
    const single = 'POST single statement';
    figures.push(
      await printed(
        measure(single, 1, load, async () => (await xapi.postStatements(next())).status),
        baseline,
      ),
    );
  }

  await beforeReads();
  // Sanity before the read figure counts: a learner's page holds statements, only that learner's.
  const learner = 42;
  const page = await xapi.getStatements<{ statements: { actor: { account?: { name?: string } } }[] }>({
    agent: agentOf(learner),
    limit: '10',
  });
  const names = page.body.statements.map((s) => s.actor.account?.name);
  if (page.status !== 200 || names.length === 0 || names.some((n) => n !== `learner-${learner}`)) {
    throw new Error(
      `GET agent=…: answered ${page.status} with ${names.length} statements, not the learner's`,
    );
  }
  const agent = 'GET statements?agent=…&limit=10';
  let reads = 0;
  figures.push(
    await printed(
      measure(agent, 10, load, async () => {
        reads += 1;
        // Learners in turn, so the figure is not one hot page.
        return (await xapi.getStatements({ agent: agentOf(reads % LEARNERS), limit: '10' })).status;
      }),
    ),
  );
  if (which === 'all') {
    // Every read is audited; its Server-Timing says how much of it the audit step took.
    const audit = new StageShare('audit');
    const newest = 'GET statements?limit=10';
    figures.push(
      await printed(
        measure(newest, 10, load, async () => {
          const res = await xapi.getStatements({ limit: '10' });
          audit.add(res.headers.get('server-timing'));
          return res.status;
        }),
      ),
    );
    audit.print(newest);
  }
  process.stdout.write(
    `  (the store held ${(sent - sentBefore).toLocaleString('en')} statements written by this run)\n`,
  );
  return figures;
}
