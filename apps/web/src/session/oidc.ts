// Sign-in at the institution's OIDC provider: authorization code with PKCE, as a public client (no secret in
// the browser), by oidc-client-ts. The PKCE verifier and state wait in sessionStorage only between leaving for
// the provider and coming back (the library removes them on return); the tokens it receives are kept in memory
// by a store that is thrown away, and the access token goes to the session like a local login's.
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';

import type { SignInOptions } from '../api/client';

export type OidcOptions = NonNullable<SignInOptions['oidc']>;

/** Where the provider sends the person back (register it as the client's redirect URI). */
export const CALLBACK_PATH = '/sign-in/callback';

function managerFor(oidc: OidcOptions): UserManager {
  return new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    response_type: 'code',
    scope: oidc.scope,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

/** Leaves for the provider's sign-in page; `from` is the page to come back to. */
export async function startOidcSignIn(oidc: OidcOptions, from: string): Promise<void> {
  await managerFor(oidc).signinRedirect({ state: { from } });
}

let finishing: Promise<{ token: string; from?: string }> | undefined;

/**
 * On the callback page: trades the code (with the PKCE verifier) for tokens. Once per page load — the code can
 * be used only once, and React may run the page's effect twice.
 */
export function finishOidcSignIn(oidc: OidcOptions): Promise<{ token: string; from?: string }> {
  finishing ??= managerFor(oidc)
    .signinRedirectCallback()
    .then((user) => {
      const state = user.state as { from?: unknown } | undefined;
      return {
        token: user.access_token,
        ...(typeof state?.from === 'string' && { from: state.from }),
      };
    });
  return finishing;
}
