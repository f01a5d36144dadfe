// xAPI 1.0.3 Data §4.2 and §2.2 ("validate that the sequence of token lengths for language map keys
// matches RFC 5646") and IEEE 9274.1.1 §4.2.7 — RFC 5646 language tags.
//
// This follows the RFC 5646 §2.1 ABNF (subtag shapes and order), plus the two §2.2.5/§2.2.6 rules that
// the conformance suite exercises: no repeated variant, no repeated extension singleton. It does not
// consult the IANA registry, which the spec does not require.

const IRREGULAR = new Set([
  'en-gb-oed',
  'i-ami',
  'i-bnn',
  'i-default',
  'i-enochian',
  'i-hak',
  'i-klingon',
  'i-lux',
  'i-mingo',
  'i-navajo',
  'i-pwn',
  'i-tao',
  'i-tay',
  'i-tsu',
  'sgn-be-fr',
  'sgn-be-nl',
  'sgn-ch-de',
]);
const REGULAR = new Set([
  'art-lojban',
  'cel-gaulish',
  'no-bok',
  'no-nyn',
  'zh-guoyu',
  'zh-hakka',
  'zh-min',
  'zh-min-nan',
  'zh-xiang',
]);

const ALPHA = (n: string) => new RegExp(`^[a-z]{${n}}$`);
const LANGUAGE = ALPHA('2,8');
const EXTLANG = ALPHA('3');
const SCRIPT = ALPHA('4');
const REGION = /^(?:[a-z]{2}|\d{3})$/;
const VARIANT = /^(?:[a-z0-9]{5,8}|\d[a-z0-9]{3})$/;
const SINGLETON = /^[a-wyz0-9]$/;
const EXTENSION_SUBTAG = /^[a-z0-9]{2,8}$/;

/** True when the value is a well-formed RFC 5646 language tag (case-insensitive). */
export function isLanguageTag(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  const tag = value.toLowerCase();
  if (IRREGULAR.has(tag) || REGULAR.has(tag)) return true;

  const parts = tag.split('-');
  if (parts.some((part) => !/^[a-z0-9]{1,8}$/.test(part))) return false;
  if (parts[0] === 'x') return parts.length > 1;

  let i = 0;
  // The subtag at the cursor when it has the given shape, else undefined.
  const next = (shape: RegExp): string | undefined => {
    const part = parts[i];
    return part !== undefined && shape.test(part) ? part : undefined;
  };

  const language = next(LANGUAGE);
  if (language === undefined) return false;
  i++;
  if (language.length <= 3) {
    for (let n = 0; n < 3 && next(EXTLANG) !== undefined; n++) i++;
  }
  if (next(SCRIPT) !== undefined) i++;
  if (next(REGION) !== undefined) i++;

  const variants = new Set<string>();
  for (let variant = next(VARIANT); variant !== undefined; variant = next(VARIANT)) {
    if (variants.has(variant)) return false;
    variants.add(variant);
    i++;
  }

  const singletons = new Set<string>();
  for (let singleton = next(SINGLETON); singleton !== undefined; singleton = next(SINGLETON)) {
    if (singletons.has(singleton)) return false;
    singletons.add(singleton);
    i++;
    let subtags = 0;
    for (; next(EXTENSION_SUBTAG) !== undefined; subtags++) i++;
    if (subtags === 0) return false;
  }

  if (parts[i] === 'x') {
    // private-use subtags are any 1-8 alphanumerics, already checked above; at least one is required
    return i + 1 < parts.length;
  }
  return i === parts.length;
}
