/**
 * The OAuth scopes defined by the xAPI specification (xAPI 2.0, part three, section 4.2).
 */
export const XAPI_SCOPES = [
  'statements/write',
  'statements/read/mine',
  'statements/read',
  'state',
  'define',
  'profile',
  'all/read',
  'all',
] as const;

/** One of the xAPI OAuth scopes in {@link XAPI_SCOPES}. */
export type XapiScope = (typeof XAPI_SCOPES)[number];

const known: ReadonlySet<string> = new Set(XAPI_SCOPES);

/** Whether `s` is exactly one of the xAPI scopes (case- and whitespace-sensitive). */
export function isXapiScope(s: unknown): s is XapiScope {
  return typeof s === 'string' && known.has(s);
}

/**
 * Checks a list of scope strings and returns them as {@link XapiScope}s, without duplicates, in first-seen order.
 *
 * @throws Error naming the first scope that is not an xAPI scope. A credential carrying a scope we do not
 * understand is rejected rather than silently narrowed, so a typo surfaces instead of becoming a mystery 403.
 */
export function parseScopes(list: readonly string[]): XapiScope[] {
  const scopes: XapiScope[] = [];
  for (const s of list) {
    if (!isXapiScope(s)) {
      throw new Error(`Unknown xAPI scope ${JSON.stringify(s)}; expected one of: ${XAPI_SCOPES.join(', ')}`);
    }
    if (!scopes.includes(s)) scopes.push(s);
  }
  return scopes;
}

/**
 * Whether a client with these scopes may (re)define Activities (xAPI 2.0 part three §4.2, `define`; `all` includes
 * it): only its statements update the LRS's canonical Activity definitions, which anyone of the tenant may read.
 */
export const mayDefineActivities = (scopes: readonly string[]): boolean =>
  scopes.includes('define') || scopes.includes('all');
