// Limits on JSON from outside, checked before anything walks it (docs/conformance.md "Limits on input"):
// - nesting depth: every JSON text a client sends (statements, documents, /api/v1 bodies, the `agent`
//   parameter, a multipart statement part, a signed statement) has at most MAX_JSON_DEPTH levels, checked on
//   the text without recursion, so no recursive step afterwards (the bus's serialisation, schema checks,
//   equivalence) can overflow the stack. Real statements, SubStatements and extensions included, stay far
//   below it; documents (State etc.) may be any JSON and share the same cap.
// - text PostgreSQL cannot hold: `\u0000` (neither text nor jsonb can store it) and a lone UTF-16 surrogate
//   (jsonb refuses its escape; as text it would silently become U+FFFD). A JSON string may carry both, but a
//   value Custos cannot store exactly is refused with the path that holds it rather than altered or failed.

import { child } from './validate/report.js';

/** The deepest nesting of arrays and objects accepted in JSON from a client (the top level is 1). */
export const MAX_JSON_DEPTH = 100;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text (a string, or its UTF-8 bytes: the structural characters are ASCII either way) nests
 * arrays and objects deeper than `max`. One pass, no recursion; the text need not be valid JSON.
 */
export function jsonNestingExceeds(text: string | Uint8Array, max: number = MAX_JSON_DEPTH): boolean {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i]!;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** The message of the 400 for JSON nested too deeply; `what` names the body or parameter. */
export const tooDeepMessage = (what: string): string =>
  `${what} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep, which Custos does not accept`;

/** With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be stored exactly, or undefined when it can. */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains the character U+0000 (NUL), which Custos cannot store';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not a Unicode character)';
  return undefined;
}

/**
 * Every place in a JSON value (keys and strings) holding text Custos cannot store, with its path from `path`
 * ('' names top-level properties bare, as the /api/v1 body errors do).
 */
export function findUnstorableText(value: unknown, path: string): { path: string; message: string }[] {
  const found: { path: string; message: string }[] = [];
  const visit = (v: unknown, at: string): void => {
    if (typeof v === 'string') {
      const reason = unstorableTextReason(v);
      if (reason) found.push({ path: at, message: `the value ${reason}` });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, child(at, i)));
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        const keyPath = at === '' ? key : child(at, key);
        const reason = unstorableTextReason(key);
        if (reason) found.push({ path: keyPath, message: `the property name ${reason}` });
        visit(item, keyPath);
      }
    }
  };
  visit(value, path);
  return found;
}
