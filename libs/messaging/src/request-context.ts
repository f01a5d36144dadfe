// The context of one HTTP request as it crosses the parts: its request id (for the audit record and the
// logs) and the time spent in each stage (for the Server-Timing header and `npm run bench`). The gateway
// opens it; the bus carries it to every handler a request reaches and brings the stage timings back.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  /** The gateway's request id (x-request-id). */
  readonly requestId?: string;
  /**
   * When the caller stops waiting (epoch ms), if it does: work not started by then is dropped, and a
   * transaction not committed by then is rolled back (deadline.ts).
   */
  readonly deadline?: number;
  /** Milliseconds spent per named stage (`consent`, `storage.sql`, `audit`, …), summed when repeated. */
  readonly stages: Map<string, number>;
  /**
   * The signed principal assertion this request was admitted with (ADR 0006), forwarded on the requests made
   * for it; `digest` names the principal it is about (empty when the request carried no principal).
   */
  principalAssertion?: { token: string; digest: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with a fresh context for the request `requestId`, to be done by `deadline` (epoch ms) if given. */
export const runInRequestContext = <T>(requestId: string | undefined, work: () => T, deadline?: number): T =>
  storage.run({ requestId, stages: new Map(), ...(deadline !== undefined && { deadline }) }, work);

/** The context of the request being handled, if any (none in background work such as a relay). */
export const currentRequestContext = (): RequestContext | undefined => storage.getStore();

/** Adds `ms` to a stage of the current request; a no-op outside a request. */
export function recordStage(name: string, ms: number): void {
  const stages = storage.getStore()?.stages;
  if (stages) stages.set(name, (stages.get(name) ?? 0) + ms);
}

/** Adds the stage timings of a hop (a handler that ran for this request elsewhere) to the current request. */
export function addStages(stages: Iterable<readonly [string, number]>): void {
  for (const [name, ms] of stages) recordStage(name, ms);
}

/** Times `work` as the stage `name` of the current request. */
export async function timeStage<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    recordStage(name, performance.now() - started);
  }
}
