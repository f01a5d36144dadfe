// Fetching from the institution's OIDC issuer when its HTTPS certificate chains to a private CA (an institution's
// own Keycloak): that CA is trusted for these fetches only, beside the CAs Node trusts by default, so no process-wide
// NODE_EXTRA_CA_CERTS is needed and nothing else the part connects to trusts it.
import { get } from 'node:https';
import * as tls from 'node:tls';

import type { FetchImplementation } from 'jose';

/** Largest key set accepted: a JWKS is a few kilobytes; anything far beyond is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The CAs Node trusts by default (its bundled roots, plus any NODE_EXTRA_CA_CERTS / system store it was told to). */
function defaultCas(): readonly string[] {
  const withStore = tls as { getCACertificates?: (type: 'default') => string[] };
  return withStore.getCACertificates ? withStore.getCACertificates('default') : tls.rootCertificates;
}

/**
 * A fetch for jose's createRemoteJWKSet (its `customFetch`) that trusts `caPem` in addition to the default CAs.
 * GET only, no redirects followed (jose asks for `redirect: 'manual'`), aborted by jose's timeout signal.
 */
export function issuerFetch(caPem: string): FetchImplementation {
  const ca = [...defaultCas(), caPem];
  return (url, { headers, signal }) =>
    new Promise<Response>((resolve, reject) => {
      const req = get(url, { ca, headers: Object.fromEntries(headers.entries()), signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new Error('the issuer answered more than a key set'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) {
              responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
          }
          const status = res.statusCode ?? 502;
          // A Response of these statuses may have no body (fetch's rule); jose refuses anything but 200 anyway.
          const body = [204, 205, 304].includes(status) ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: responseHeaders }));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
}
