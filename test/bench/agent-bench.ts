// Read latency of GET /xapi/statements?agent=… on the consent data set (1,000,000 statements about
// 20,000 learners, about 50 each), as an xAPI client with `statements/read`: for a learner with
// statements and for one with none (the read that must not walk the store to find nothing).
import { learnerMbox, learnerOfActor, LEARNERS } from './learning-records.js';
import { type Figure, type Load, measure, print } from './measure.js';

interface Page {
  statements: { actor: unknown }[];
}

/** Answers the status and the page of one GET /xapi/statements with these parameters. */
export type Get = (params: Record<string, string>) => Promise<{ status: number; page: Page }>;

const agentParam = (learner: number): string => JSON.stringify({ mbox: learnerMbox(learner) });

/** Learner 4242 has statements; learner LEARNERS (one past the last) has none. */
const SHAPES = [
  { name: 'agent, learner with statements', learner: 4242, empty: false },
  { name: 'agent, learner with none', learner: LEARNERS, empty: true },
];

/** Sanity, before any figure counts: the pages hold the learner's statements, or none. */
async function checkPages(reader: Get): Promise<void> {
  for (const shape of SHAPES) {
    const { status, page } = await reader({ agent: agentParam(shape.learner), limit: '10' });
    if (status !== 200) throw new Error(`${shape.name}: answered ${status}`);
    if (shape.empty !== (page.statements.length === 0)) {
      throw new Error(`${shape.name}: ${page.statements.length} statements, the figure would mean nothing`);
    }
    if (page.statements.some((s) => learnerOfActor(s.actor) !== shape.learner)) {
      throw new Error(`${shape.name}: the page holds another learner's statements`);
    }
  }
}

export async function benchAgentFilter(load: Load, reader: Get): Promise<Figure[]> {
  await checkPages(reader);
  process.stdout.write(
    `Agent filter, ${load.concurrency} concurrent clients, ${load.durationMs / 1000} s per figure; pages checked\n`,
  );
  const figures: Figure[] = [];
  for (const shape of SHAPES) {
    const params = { agent: agentParam(shape.learner), limit: '10' };
    // statements/s counts what the pages held: none for the learner with none.
    const perRequest = shape.empty ? 0 : 10;
    const figure = await measure(
      `GET ${shape.name}`,
      perRequest,
      load,
      async () => (await reader(params)).status,
    );
    print(figure);
    figures.push(figure);
  }
  return figures;
}
