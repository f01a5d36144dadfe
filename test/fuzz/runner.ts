// Sends fuzz inputs to a running Custos with bounded concurrency and keeps what the verdict needs:
// a status histogram per category, every response >= 500 (with a shortened reproducer), requests
// that got no answer, and what each 2xx answer acknowledged as stored.
import fc from 'fast-check';

import { type Category, type FuzzContext, fuzzInput, type FuzzRequest, type Stores } from './inputs.js';

/** Inputs are drawn in batches, each from its own seed, so input #i can be drawn again alone. */
export const BATCH = 250;

export interface Finding {
  index: number;
  category: Category;
  status: number | 'no response';
  request: string;
  response: string;
}

/** Ids a 2xx answer acknowledged: anything else stored came from refused input. */
export interface Acknowledged {
  statements: Set<string>;
  documents: Set<string>;
  attachments: Set<string>;
  person: Set<string>;
  group: Set<string>;
  policy: Set<string>;
  grant: Set<string>;
  objection: Set<string>;
}

export const noneAcknowledged = (): Acknowledged => ({
  statements: new Set(),
  documents: new Set(),
  attachments: new Set(),
  person: new Set(),
  group: new Set(),
  policy: new Set(),
  grant: new Set(),
  objection: new Set(),
});

export interface FuzzRun {
  sent: number;
  /** Milliseconds spent waiting for answers, per category. */
  waited: Map<Category, number>;
  histogram: Map<Category, Map<string, number>>;
  serverErrors: Finding[];
  noResponse: Finding[];
  crashed?: string;
  acknowledged: Acknowledged;
}

export interface RunOptions {
  baseUrl: string;
  count: number;
  seed: number;
  concurrency: number;
  /** Only these input numbers (replay). */
  only?: number[];
  /** Rejects (or resolves false) when the server is gone; checked after every batch. */
  alive: () => Promise<boolean>;
  progress?: (run: FuzzRun) => void;
}

/** Input #index of a run with `seed`, drawn exactly as the run drew it. */
export function drawInput(ctx: FuzzContext, seed: number, index: number): FuzzRequest {
  return drawBatch(ctx, seed, Math.floor(index / BATCH), BATCH)[index % BATCH]!;
}

function drawBatch(ctx: FuzzContext, seed: number, batch: number, size: number): FuzzRequest[] {
  return fc.sample(fuzzInput(ctx), { seed: (seed + batch * 7919) | 0, numRuns: size });
}

export async function runFuzz(ctx: FuzzContext, options: RunOptions): Promise<FuzzRun> {
  const run: FuzzRun = {
    sent: 0,
    waited: new Map(),
    histogram: new Map(),
    serverErrors: [],
    noResponse: [],
    acknowledged: noneAcknowledged(),
  };
  const indexes = options.only ?? Array.from({ length: options.count }, (_, i) => i);
  for (let start = 0; start < indexes.length; start += BATCH) {
    const slice = indexes.slice(start, start + BATCH);
    const batches = new Map<number, FuzzRequest[]>();
    const inputOf = (i: number): FuzzRequest => {
      const b = Math.floor(i / BATCH);
      if (!batches.has(b)) batches.set(b, drawBatch(ctx, options.seed, b, BATCH));
      return batches.get(b)![i % BATCH]!;
    };
    let next = 0;
    const worker = async () => {
      while (next < slice.length) {
        const index = slice[next++]!;
        await sendOne(options.baseUrl, index, inputOf(index), run);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    if (!(await options.alive().catch(() => false))) {
      run.crashed = `the server stopped answering /healthz after input #${slice[slice.length - 1]}`;
      return run;
    }
    options.progress?.(run);
  }
  return run;
}

async function sendOne(baseUrl: string, index: number, req: FuzzRequest, run: FuzzRun): Promise<void> {
  let status: string;
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}${req.path}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    status = String(res.status);
    if (res.status >= 500) {
      run.serverErrors.push({
        index,
        category: req.category,
        status: res.status,
        request: describe(req),
        response: text.slice(0, 300),
      });
    } else if (res.status >= 200 && res.status < 300 && req.stores) {
      acknowledge(run.acknowledged, req.stores, text);
    }
  } catch (err) {
    const e = err as Error & { cause?: Error };
    // fetch refusing to build the request (a header it cannot send) is no answer of the server.
    if (e.name === 'TypeError' && /^invalid .*header/.test(e.cause?.message ?? e.message)) {
      status = 'unsendable';
    } else {
      status = 'no response';
      run.noResponse.push({
        index,
        category: req.category,
        status: 'no response',
        request: describe(req),
        response: `${e.name}: ${e.cause?.message ?? e.message}`,
      });
    }
  }
  run.sent += 1;
  run.waited.set(req.category, (run.waited.get(req.category) ?? 0) + performance.now() - started);
  const counts = run.histogram.get(req.category) ?? new Map<string, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  run.histogram.set(req.category, counts);
}

function acknowledge(acked: Acknowledged, stores: Stores, text: string): void {
  const parsed = (): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  switch (stores.kind) {
    case 'statements': {
      const ids = parsed();
      if (Array.isArray(ids)) for (const id of ids) acked.statements.add(String(id).toLowerCase());
      break;
    }
    case 'statement':
      acked.statements.add(stores.id.toLowerCase());
      break;
    case 'document':
      acked.documents.add(stores.id);
      break;
    case 'attachments':
      for (const sha2 of stores.sha2s) acked.attachments.add(sha2.toLowerCase());
      acknowledge(acked, stores.then, text);
      break;
    case 'person':
    case 'group':
    case 'policy': {
      const body = parsed() as { id?: unknown } | undefined;
      if (typeof body?.id === 'string') acked[stores.kind].add(body.id);
      break;
    }
    case 'grant':
    case 'objection': {
      const body = parsed() as { record?: { id?: unknown } } | undefined;
      if (typeof body?.record?.id === 'string') acked[stores.kind].add(body.record.id);
      break;
    }
  }
}

/** A shortened reproducer: method, path, headers (credentials elided) and the start of the body. */
export function describe(req: FuzzRequest, bodyChars = 400): string {
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${k.toLowerCase() === 'authorization' ? elide(v) : v.slice(0, 120)}`)
    .join(' | ');
  const path = req.path.length > 300 ? `${req.path.slice(0, 300)}… (${req.path.length} chars)` : req.path;
  let body = '';
  if (req.body) {
    const text = req.body.toString('utf8');
    body =
      text.length > bodyChars
        ? `${JSON.stringify(text.slice(0, bodyChars))}… (${req.body.length} bytes)`
        : JSON.stringify(text);
  }
  return `${req.method} ${path} [${headers}]${body ? ` ${body}` : ''}`;
}

const elide = (auth: string): string => (auth.length > 24 ? `${auth.slice(0, 20)}…` : auth);
