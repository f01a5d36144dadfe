// k-anonymity for analytics answers (docs/flows.md "Analytics that protect individuals"), as pure functions over
// the counts SQL gave (analytics.repository.ts):
//
// 1. Population: an answer whose total covers fewer than k learners, or whose first or last active month covers
//    fewer than k of them, releases nothing (every cell and the total suppressed, `population`).
// 2. Primary: a cell covering fewer than k distinct learners is suppressed (`fewer-than-k`); so is a cell whose first
//    or last active month within the range covers fewer than k of its learners (`range-edge`): two queries whose
//    ranges differ by that month would otherwise give those learners' records by subtraction.
// 3. Complementary: a cell is a part of several marginals another query may release — the total, and for each
//    subset of the grouping dimensions held fixed, the sum of the cells sharing those values (a row, a column). We
//    assume every marginal that passes the primary rule is known to the asker. Then any group of cells whose
//    marginal is known and in which exactly one cell is unknown gives that cell by subtraction; repeating that until
//    nothing more follows yields everything one can recover by single subtractions, across queries. No suppressed
//    cell of the primary rule may be recoverable so, and in each group the cells still unknown must together cover
//    at least k learners; otherwise the smallest released cell of that group is suppressed too (`complementary`,
//    or the smallest of the answer when that group has none left), and the check runs again.
// 4. Noise (optional): Laplace noise from crypto randomness on every released value, then rates from the noisy
//    counts.
import { randomBytes } from 'node:crypto';

import type { AnalyticsCellV1, SuppressionReasonV1 } from '@custos/contracts';

import { type AnalyticsCounts, type CellCounts, marginalKey } from './analytics.repository.js';

/** Rounds of complementary suppression before an answer is given up as wholly suppressed. */
const MAX_ROUNDS = 1000;

interface Decided extends CellCounts {
  reason?: SuppressionReasonV1;
}

const passes = (c: { learners: number; firstEdge: number; lastEdge: number }, k: number) =>
  c.learners >= k && c.firstEdge >= k && c.lastEdge >= k;

interface Group {
  cells: Decided[];
  /** Whether another query may release the group's sum. */
  known: boolean;
}

/** The marginal groups of the cells: for each subset of dimensions held fixed (not all), the cells sharing them. */
function groupsOf(cells: Decided[], counts: AnalyticsCounts, k: number): Group[] {
  const n = cells[0]?.key.length ?? 0;
  const groups: Group[] = [];
  for (let mask = 0; mask < (1 << n) - 1; mask++) {
    const fixed = (i: number) => (mask & (1 << i)) !== 0;
    const byKey = new Map<string, Decided[]>();
    for (const c of cells) {
      const g = marginalKey(c.key.map((v, i) => (fixed(i) ? v : null)));
      byKey.set(g, [...(byKey.get(g) ?? []), c]);
    }
    for (const [g, members] of byKey) {
      const marginal = mask === 0 ? counts.total : counts.marginals.get(g);
      groups.push({ cells: members, known: marginal !== undefined && passes(marginal, k) });
    }
  }
  return groups;
}

/** What single subtractions recover: the released cells, then every lone unknown cell of a known group. */
function recoverable(groups: Group[], released: Set<Decided>): Map<Decided, Group | null> {
  const known = new Map<Decided, Group | null>([...released].map((c) => [c, null]));
  for (let changed = true; changed;) {
    changed = false;
    for (const g of groups) {
      if (!g.known) continue;
      const unknown = g.cells.filter((c) => !known.has(c));
      if (unknown.length === 1) {
        known.set(unknown[0]!, g);
        changed = true;
      }
    }
  }
  return known;
}

function unionCovers(cells: Decided[], k: number): boolean {
  if (cells.some((c) => c.learners >= k)) return true;
  const union = new Set<string>();
  for (const c of cells) for (const m of c.members ?? []) union.add(m);
  return union.size >= k;
}

/** Decides which cells are released. Deterministic: same counts, same suppression. */
export function suppress(
  counts: AnalyticsCounts,
  k: number,
): { cells: Decided[]; totalReason?: SuppressionReasonV1 } {
  const cells: Decided[] = counts.cells.map((c) => ({ ...c })).sort((a, b) => compareKeys(a.key, b.key));
  if (!passes(counts.total, k)) {
    return { cells: cells.map((c) => ({ ...c, reason: 'population' })), totalReason: 'population' };
  }
  for (const c of cells) {
    if (c.learners < k) c.reason = 'fewer-than-k';
    else if (!passes(c, k)) c.reason = 'range-edge';
  }
  const groups = groupsOf(cells, counts, k);
  const smallest = (among: Decided[]) =>
    among
      .filter((c) => !c.reason)
      .reduce<Decided | undefined>((a, b) => (!a || b.learners < a.learners ? b : a), undefined);
  for (let round = 0; ; round++) {
    // Each round suppresses one more cell; a pathological answer that needs too many rounds releases nothing.
    if (round > MAX_ROUNDS) {
      for (const c of cells) c.reason ??= 'complementary';
      break;
    }
    const released = new Set(cells.filter((c) => !c.reason));
    const known = recoverable(groups, released);
    let breach: Group | null | undefined;
    for (const [c, via] of known) {
      if (c.reason === 'fewer-than-k' || c.reason === 'range-edge') {
        breach = via;
        break;
      }
    }
    if (breach === undefined) {
      breach = groups.find((g) => {
        const unknown = g.cells.filter((c) => !known.has(c));
        return g.known && unknown.length > 0 && !unionCovers(unknown, k);
      });
    }
    if (breach === undefined) break;
    const next = smallest(breach?.cells ?? []) ?? smallest(cells);
    if (!next) break;
    next.reason = 'complementary';
  }
  return { cells };
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}

/** A uniform number in (-1/2, 1/2), from crypto randomness (53 bits). */
function uniformCentered(): number {
  for (;;) {
    const bits = randomBytes(8).readBigUInt64BE() >> 11n;
    const u = Number(bits) / 2 ** 53 - 0.5;
    if (u > -0.5 && u < 0.5) return u;
  }
}

/** A sample of the Laplace distribution with scale `b` (mean 0), by inversion. */
export function laplace(b: number): number {
  const u = uniformCentered();
  return -b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/** Names the dimensions of a cell's key. */
const keyOf = (names: string[], key: string[]) => Object.fromEntries(names.map((n, i) => [n, key[i] ?? '']));

/** The values a measure releases per cell. */
const releasedValues = (measure: string): ('learners' | 'statements' | 'positive')[] =>
  measure === 'completion' || measure === 'success'
    ? ['learners', 'statements', 'positive']
    : ['learners', 'statements'];

/**
 * The answer's cells: suppressed ones marked and carrying no value; released ones with their values, noised when
 * `epsilon` is given (scale: the number of values a cell releases / ε, each value its own share of ε).
 */
export function releasedCells(
  measure: string,
  dimensionNames: string[],
  counts: AnalyticsCounts,
  k: number,
  epsilon: number | null,
): { total: AnalyticsCellV1; cells: AnalyticsCellV1[] } {
  const { cells, totalReason } = suppress(counts, k);
  const values = releasedValues(measure);
  const release = (c: Omit<CellCounts, 'members' | 'key'>, key: Record<string, string>): AnalyticsCellV1 => {
    const v: Record<string, number> = {};
    for (const name of values) {
      const exact = c[name];
      v[name] = epsilon === null ? exact : Math.max(0, Math.round(exact + laplace(values.length / epsilon)));
    }
    const cell: AnalyticsCellV1 = { key, suppressed: false, ...v };
    if (values.includes('positive')) {
      cell.positive = Math.min(v.positive!, v.learners!);
      cell.rate = v.learners! > 0 ? Math.round((cell.positive / v.learners!) * 1000) / 1000 : 0;
    }
    return cell;
  };
  return {
    total:
      totalReason === undefined
        ? release(counts.total, {})
        : { key: {}, suppressed: true, reason: totalReason },
    cells: cells.map((c) =>
      c.reason
        ? { key: keyOf(dimensionNames, c.key), suppressed: true, reason: c.reason }
        : release(c, keyOf(dimensionNames, c.key)),
    ),
  };
}
