// Tree sizes and leaf indexes are plain numbers: exact up to Number.MAX_SAFE_INTEGER (2^53 − 1),
// which no log reaches. JavaScript's bit operators work on 32 bits, so every shift and LSB test the
// RFC's algorithms use is done with arithmetic here instead.

/** A tree size or leaf index: a safe, non-negative integer. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/** n >> 1 for numbers beyond 32 bits. */
export function half(n: number): number {
  return Math.floor(n / 2);
}

/** The largest power of two strictly below n (n ≥ 2): the RFC's split point k. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The smallest power of two ≥ n (n ≥ 1). */
export function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && powerOfTwoAtLeast(n) === n;
}

/** log2 of a power of two, without floating-point rounding. */
export function log2Exact(powerOfTwo: number): number {
  let level = 0;
  for (let p = powerOfTwo; p > 1; p = half(p)) level++;
  return level;
}
