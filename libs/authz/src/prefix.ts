// The one prefix operator of the access filter: "the field starts with this literal", for the activity IRI
// prefixes of institution policies. Rules carry it as a CASL `$regex` of exactly the form `^<escaped literal>`
// (so `ability.can` decides it as CASL always does); the filter carries the literal; SQL gets `LIKE` with the
// literal's `\`, `%` and `_` escaped. "Starts with one of these literals" is `^(?:<escaped>|<escaped>…)`, which
// the filter carries as an `or` of prefixes: one condition instead of one rule per literal, so scopes with
// several prefix lists (context activities) do not multiply into rules. Any other regular expression fails
// closed.

// Characters with a meaning in a JavaScript regular expression (outside a class), plus `/`, which
// `RegExp#source` escapes.
const SPECIAL = new Set(['\\', '^', '$', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/', '-']);

const escape = (literal: string) => [...literal].map((ch) => (SPECIAL.has(ch) ? `\\${ch}` : ch)).join('');

/** The CASL condition "starts with `literal`", e.g. `{ objectActivityId: startsWith('https://x/') }`. */
export function startsWith(literal: string): { $regex: string } {
  return { $regex: `^${escape(literal)}` };
}

/**
 * The CASL condition "starts with one of `literals`" (at least one). On a set field (an array in CASL) it
 * means "some element starts with one of them".
 */
export function startsWithAny(literals: readonly string[]): { $regex: string } {
  if (literals.length === 0) throw new Error('startsWithAny needs at least one literal');
  if (literals.length === 1) return startsWith(literals[0]!);
  return { $regex: `^(?:${literals.map(escape).join('|')})` };
}

/**
 * The literals a regular expression of the form `^<escaped literal>` or `^(?:<escaped literal>|…)` (no flags)
 * tests for, or `undefined` for anything else.
 */
export function literalPrefixesOf(pattern: unknown): string[] | undefined {
  const source = sourceOf(pattern);
  if (source === undefined) return undefined;
  const alternatives = /^\^\(\?:(.*)\)$/s.exec(source);
  if (alternatives === null) {
    const literal = literalPrefixOf(source);
    return literal === undefined ? undefined : [literal];
  }
  // Every `|` and `)` inside a literal is escaped, so an unescaped `|` separates two literals; the parser of
  // each literal refuses any unescaped special, the group's own parentheses included.
  const parts: string[] = [];
  let current = '';
  const chars = [...alternatives[1]!];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\\') {
      current += ch + (chars[++i] ?? '');
    } else if (ch === '|') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const literals = parts.map((part) => literalPrefixOf(`^${part}`));
  return literals.every((l) => l !== undefined) ? literals : undefined;
}

function sourceOf(pattern: unknown): string | undefined {
  if (pattern instanceof RegExp) return pattern.flags === '' ? pattern.source : undefined;
  return typeof pattern === 'string' ? pattern : undefined;
}

/**
 * The literal a regular expression of the form `^<escaped literal>` (no flags) tests for, or `undefined` for
 * anything else — an unescaped special character, an escape sequence such as `\d` or `\u0041`, a flag.
 */
export function literalPrefixOf(pattern: unknown): string | undefined {
  const source = sourceOf(pattern);
  if (source === undefined || !source.startsWith('^')) return undefined;
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
