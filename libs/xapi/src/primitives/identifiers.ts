// xAPI 1.0.3 Data §4.4 (UUIDs), §2.4.2.3 (mbox, mbox_sha1sum), §2.4.11 (sha2) and IEEE 9274.1.1
// §4.2.2.1 / §4.2.2.6 / §4.2.7 — identifier formats.

// "Standard string form" of RFC 4122: 8-4-4-4-12 hex digits. The variant is only recommended by the
// spec (§4.4), so it is not enforced; hex digits are case-insensitive on input (RFC 4122 §3).
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** A UUID in standard string form, any case. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

// addr-spec of RFC 5322, reduced to the dot-atom form used by real addresses. Percent escapes are
// allowed because the value is a mailto IRI (RFC 6068), and non-ASCII because it is an IRI.
const LOCAL_PART =
  /^(?:[A-Za-z0-9!#$&'*+/=?^_`{|}~\u00a0-\uffff-]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9!#$&'*+/=?^_`{|}~\u00a0-\uffff-]|%[0-9A-Fa-f]{2})+)*$/;
const DOMAIN =
  /^(?:[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\u00a0-\uffff-]*[A-Za-z0-9\u00a0-\uffff])?)(?:\.[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\u00a0-\uffff-]*[A-Za-z0-9\u00a0-\uffff])?)*$/;

/** The xAPI mbox form: "mailto:" followed by exactly one e-mail address (no headers, no list). */
export function isMailtoIri(value: unknown): value is string {
  if (typeof value !== 'string' || !value.startsWith('mailto:')) return false;
  const address = value.slice('mailto:'.length);
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return false;
  return LOCAL_PART.test(address.slice(0, at)) && DOMAIN.test(address.slice(at + 1));
}

/** Hex-encoded SHA-1 (40 hex digits, any case). */
export function isSha1Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9A-Fa-f]{40}$/.test(value);
}

// SHA-224, SHA-256, SHA-384 and SHA-512 digests are all "SHA-2"; the spec does not pick one.
const SHA2_HEX_LENGTHS = new Set([56, 64, 96, 128]);

/** Hex-encoded SHA-2 digest of any of the four standard lengths. */
export function isSha2Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA2_HEX_LENGTHS.has(value.length) && /^[0-9A-Fa-f]+$/.test(value);
}
