// xAPI 1.0.3 Data §4.5 and IEEE 9274.1.1 §4.2.7 — ISO 8601 timestamps (RFC 3339 profile preferred).
//
// Accepted: ISO 8601 extended (2024-05-01T10:00:00.123+02:00) or basic (20240501T100000.123+0200)
// complete date-times with seconds and a time zone designator. The zone is required here although 1.0.3
// only says SHOULD*: a zoneless time cannot be placed on the timeline, and stored/since/until comparisons
// need one. Negative zero offsets (-00, -0000, -00:00) mean "local time unknown" in RFC 3339 and both
// conformance suites (1.0.3 and 2.0) require the LRS to reject them.

const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})(?:[.,](\d+))?([Zz]|[+-]\d{2}(?:\d{2})?)$/;

/** A timestamp broken down to an instant: whole milliseconds since the epoch plus the digits below. */
export interface ParsedTimestamp {
  /** Milliseconds since 1970-01-01T00:00:00Z, truncated (not rounded) from the given precision. */
  epochMs: number;
  /** The fractional-second digits exactly as written ('' when absent). */
  fraction: string;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses an xAPI timestamp; undefined when it is not one. */
export function parseTimestamp(value: unknown): ParsedTimestamp | undefined {
  if (typeof value !== 'string') return undefined;
  const match = EXTENDED.exec(value) ?? BASIC.exec(value);
  if (!match) return undefined;
  // Every group but the fraction always participates in a match.
  const num = (group: number): number => Number(match[group]);
  const [year, month, day, hour, minute, second] = [num(1), num(2), num(3), num(4), num(5), num(6)] as const;
  const fraction = match[7] ?? '';
  const zone = match[8] ?? '';

  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;

  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    if (zone[0] === '-' && offsetHours === 0 && offsetMins === 0) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }

  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(fraction.slice(0, 3).padEnd(3, '0')));
  return { epochMs: date.getTime() - offsetMinutes * 60_000, fraction };
}

/** True when the value is an acceptable xAPI timestamp. */
export function isTimestamp(value: unknown): value is string {
  return parseTimestamp(value) !== undefined;
}

/**
 * Rewrites a valid timestamp as RFC 3339 UTC ("…Z"), keeping every fractional digit that was given and
 * at least three. The instant is unchanged, which the spec allows the LRS to do when returning timestamps.
 * Throws on invalid input; validate first.
 */
export function normalizeTimestamp(value: string): string {
  const parsed = parseTimestamp(value);
  if (!parsed) throw new RangeError(`not an ISO 8601 timestamp: ${value}`);
  const iso = new Date(parsed.epochMs).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const digits = parsed.fraction.length > 3 ? parsed.fraction : parsed.fraction.padEnd(3, '0');
  return `${iso.slice(0, 19)}.${digits}Z`;
}
