// xAPI 1.0.3 Data §4.6 and IEEE 9274.1.1 §4.2.7 — ISO 8601:2004 §4.4.3.2 durations.
//
// Only the designator format is allowed (PnYnMnDTnHnMnS or PnW); the alternative "PYYYY-MM-DD…" format
// of §4.4.3.3 is forbidden by the spec. ISO 8601 allows a decimal fraction (with '.' or ',') on the
// lowest-order component only, and weeks cannot be combined with other components.

const DESIGNATORS =
  /^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const WEEKS = /^P\d+(?:[.,]\d+)?W$/;

/** True when the value is an ISO 8601 duration in the format xAPI allows. */
export function isDuration(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (WEEKS.test(value)) return true;
  const match = DESIGNATORS.exec(value);
  if (!match) return false;
  const present = match.slice(1).filter((component) => component !== undefined);
  return present.slice(0, -1).every((component) => !/[.,]/.test(component));
}

/**
 * The duration as a comparison key: 1.0.3 §2.3.1 compares durations as strings (no unit conversion),
 * and §4.6 / 9274.1.1 §4.2.7 say precision beyond 0.01 s must not take part in comparisons. So seconds
 * are truncated to two decimals and written canonically; nothing else changes.
 */
export function durationComparisonKey(value: string): string {
  return value.replace(/(\d+)(?:[.,](\d+))?S$/, (_whole, seconds: string, fraction: string | undefined) => {
    const kept = (fraction ?? '').slice(0, 2).replace(/0+$/, '');
    return kept ? `${seconds}.${kept}S` : `${seconds}S`;
  });
}
