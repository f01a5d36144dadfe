// The RFC 9162 §2.1 definitions written as literally as possible (recursive MTH, PATH, SUBPROOF over
// the list of leaf data), for the specs to compare the library against. Deliberately naive.
import { createHash } from 'node:crypto';

import type { Sha256 } from '@custos/merkle';

export const sha256: Sha256 = (data) => new Uint8Array(createHash('sha256').update(data).digest());

const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** k: the largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) of RFC 9162 §2.1.1. */
export function mth(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha256(new Uint8Array(0));
  if (d.length === 1) return sha256(concat(Uint8Array.of(0), d[0]!));
  const k = split(d.length);
  return sha256(concat(Uint8Array.of(1), mth(d.slice(0, k)), mth(d.slice(k))));
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1. */
export function path(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1. */
export function subproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** PROOF(m, D[n]) of RFC 9162 §2.1.4.1 (0 < m ≤ n). */
export function proof(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, d, true);
}

/** Distinct leaf data for a test tree; `tag` makes a different tree of the same size. */
export function leaves(n: number, tag = 'leaf'): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => new TextEncoder().encode(`${tag}-${i}`));
}
