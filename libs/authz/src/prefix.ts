// The one prefix operator of the access filter: "the field starts with this literal", for the activity IRI
// prefixes of institution policies. Rules carry it as a CASL `$regex` of exactly the form `^<escaped literal>`
// (so `ability.can` decides it as CASL always does); the filter carries the literal; SQL gets `LIKE` with the
// literal's `\`, `%` and `_` escaped. Any other regular expression fails closed.

// Characters with a meaning in a JavaScript regular expression (outside a class), plus `/`, which
// `RegExp#source` escapes.
const SPECIAL = new Set(['\\', '^', '$', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/', '-']);

/** The CASL condition "starts with `literal`", e.g. `{ objectActivityId: startsWith('https://x/') }`. */
export function startsWith(literal: string): { $regex: string } {
  return { $regex: `^${[...literal].map((ch) => (SPECIAL.has(ch) ? `\\${ch}` : ch)).join('')}` };
}

/**
 * The literal a regular expression of the form `^<escaped literal>` (no flags) tests for, or `undefined` for
 * anything else — an unescaped special character, an escape sequence such as `\d` or `\u0041`, a flag.
 */
export function literalPrefixOf(pattern: unknown): string | undefined {
  let source: string;
  if (pattern instanceof RegExp) {
    if (pattern.flags !== '') return undefined;
    source = pattern.source;
  } else if (typeof pattern === 'string') {
    source = pattern;
  } else {
    return undefined;
  }
  if (!source.startsWith('^')) return undefined;
  let literal = '';
  const chars = [...source.slice(1)];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\\') {
      const next = chars[++i];
      if (next === undefined || !SPECIAL.has(next)) return undefined;
      literal += next;
    } else if (SPECIAL.has(ch)) {
      return undefined;
    } else {
      literal += ch;
    }
  }
  return literal;
}

/** The `LIKE` pattern matching exactly the strings that start with `literal` (default escape `\`). */
export function likePrefixPattern(literal: string): string {
  return `${literal.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
