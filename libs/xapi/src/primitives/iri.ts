// xAPI 1.0.3 Data §4.3 and §2.2 (IRIs need a scheme; relative references are not IRIs) and IEEE 9274.1.1
// §4.2.7 — IRI / IRL / URI syntax per RFC 3987 and RFC 3986.
//
// The spec allows best-effort IRI validation. This checks the grammar that matters for interoperability:
// an absolute scheme, no characters RFC 3987 forbids, well-formed percent escapes, a sane authority when
// one is present, and at most one fragment. It does not resolve or normalise anything: stored IRIs are
// compared as exact strings (RFC 3987 §5.3.1), which the spec prefers.

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const PORT = /^\d*$/;

// Characters that can never appear literally in an IRI: controls, space, and "<>\"{}|\\^`".
function isForbidden(codePoint: number): boolean {
  if (codePoint <= 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return true;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return true; // lone surrogate
  if (codePoint >= 0xfff0 && codePoint <= 0xffff) return true; // specials / non-characters
  return '<>"{}|\\^`'.includes(String.fromCodePoint(codePoint));
}

function hasValidCharacters(value: string, allowBrackets: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const codePoint = value.codePointAt(i)!;
    if (codePoint > 0xffff) i++;
    if (isForbidden(codePoint)) return false;
    if (!allowBrackets && (codePoint === 0x5b || codePoint === 0x5d)) return false;
    if (codePoint === 0x25 && !/^%[0-9A-Fa-f]{2}/.test(value.slice(i))) return false;
  }
  return true;
}

interface IriParts {
  scheme: string;
  authority: string | undefined;
}

function parseAbsoluteIri(value: unknown): IriParts | undefined {
  if (typeof value !== 'string') return undefined;
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  const scheme = value.slice(0, colon);
  const rest = value.slice(colon + 1);
  if (!SCHEME.test(scheme) || rest.length === 0) return undefined;

  const hash = rest.indexOf('#');
  if (hash !== -1 && rest.indexOf('#', hash + 1) !== -1) return undefined;

  let authority: string | undefined;
  let afterAuthority = rest;
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    authority = end === -1 ? rest.slice(2) : rest.slice(2, 2 + end);
    afterAuthority = end === -1 ? '' : rest.slice(2 + end);
    if (!isValidAuthority(authority)) return undefined;
  }
  // Square brackets only belong around an IP literal host, which isValidAuthority already handled.
  if (!hasValidCharacters(afterAuthority, false)) return undefined;
  return { scheme, authority };
}

function isValidAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? '' : authority.slice(0, at);
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  if (!hasValidCharacters(userInfo, false)) return false;

  let host: string;
  let port = '';
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) return false;
    host = hostPort.slice(1, close);
    const tail = hostPort.slice(close + 1);
    if (tail !== '' && !tail.startsWith(':')) return false;
    port = tail.slice(1);
    if (!/^[0-9A-Fa-f:.]+$/.test(host) && !/^v[0-9A-Fa-f]+\..+$/.test(host)) return false;
  } else {
    const colon = hostPort.lastIndexOf(':');
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    port = colon === -1 ? '' : hostPort.slice(colon + 1);
    if (!hasValidCharacters(host, false) || host.includes(':')) return false;
  }
  return PORT.test(port);
}

/** An absolute IRI (RFC 3987): a scheme, then a non-empty remainder of legal characters. */
export function isIri(value: unknown): value is string {
  return parseAbsoluteIri(value) !== undefined;
}

/**
 * An IRL: an IRI that locates something. We require the hierarchical "scheme://authority" form, which is
 * what every resolvable locator in practice (http, https, ftp, file) uses.
 */
export function isIrl(value: unknown): value is string {
  const parts = parseAbsoluteIri(value);
  return parts !== undefined && parts.authority !== undefined;
}

/** A URI: an IRI restricted to ASCII (non-ASCII must already be percent-encoded). */
export function isUri(value: unknown): value is string {
  return isIri(value) && /^[\x21-\x7e]+$/.test(value);
}

/** The scheme of an absolute IRI, lowercased; undefined when the value is not one. */
export function iriScheme(value: string): string | undefined {
  return parseAbsoluteIri(value)?.scheme.toLowerCase();
}
