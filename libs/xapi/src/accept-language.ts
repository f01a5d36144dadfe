// xAPI 1.0.3 Communication §2.1.3 ("Language Filtering Requirements for Canonical Format Statements":
// apply Accept-Language as in RFC 2616 §14.4, to each language map separately) and IEEE 9274.1.1
// §4.1.6.1 — choosing one entry of a language map.

import type { LanguageMap } from './types.js';

/**
 * The language ranges of an Accept-Language header, most preferred first; ranges with q=0 are dropped
 * and equal weights keep header order.
 */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)).find(Boolean);
      return { range: range.trim(), weight: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.range !== '' && entry.weight > 0 && !Number.isNaN(entry.weight))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.range);
}

// RFC 2616 §14.4: a range matches a tag equal to it or a tag it is a "-"-delimited prefix of; "*" matches any.
function matches(range: string, tag: string): boolean {
  const r = range.toLowerCase();
  const t = tag.toLowerCase();
  return r === '*' || t === r || t.startsWith(`${r}-`);
}

/**
 * The single best entry of a language map for the given preference list. After the RFC 2616 match we fall
 * back to truncating each range (RFC 4647 lookup: en-GB → en) and finally to the first entry, because the
 * spec asks for exactly one language rather than none.
 */
export function pickLanguage(map: LanguageMap, languages: readonly string[]): LanguageMap {
  const tags = Object.keys(map);
  const [first] = tags;
  if (first === undefined || tags.length === 1) return { ...map };
  const choose = (tag: string): LanguageMap => ({ [tag]: map[tag] ?? '' });

  for (const range of languages) {
    const tag = tags.find((candidate) => matches(range, candidate));
    if (tag !== undefined) return choose(tag);
  }
  for (const range of languages) {
    const subtags = range.split('-');
    for (let n = subtags.length - 1; n >= 1; n--) {
      const prefix = subtags.slice(0, n).join('-').toLowerCase();
      const tag = tags.find((candidate) => candidate.toLowerCase() === prefix);
      if (tag !== undefined) return choose(tag);
    }
  }
  return choose(first);
}
