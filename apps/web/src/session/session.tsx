// Who is signed in. The bearer token lives in this component's state only — never in localStorage,
// sessionStorage or a cookie — so it is gone when the tab closes or the person signs out, and no
// other page can read it. A reload asks the person to sign in again.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

import { logIn, me } from '../api/client';

export interface Session {
  token: string;
  personId: string;
  /** The display name, else the username. */
  name: string;
  roles: string[];
}

/** Why nobody is signed in now, for the sign-in page to say. */
export type Farewell = 'signed-out' | 'expired';

interface SessionContextValue {
  session: Session | undefined;
  farewell: Farewell | undefined;
  signIn: (tenant: string, username: string, password: string) => Promise<void>;
  /** With a bearer token from elsewhere (the institution's OIDC provider). */
  signInWithToken: (token: string) => Promise<void>;
  signOut: (why: Farewell) => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>();
  const [farewell, setFarewell] = useState<Farewell>();
  const queries = useQueryClient();

  const signInWithToken = useCallback(async (token: string) => {
    const person = await me(token);
    setSession({
      token,
      personId: person.id,
      name: person.displayName ?? person.username,
      roles: person.roles,
    });
  }, []);

  const signIn = useCallback(
    async (tenant: string, username: string, password: string) =>
      signInWithToken(await logIn(tenant, username, password)),
    [signInWithToken],
  );

  const signOut = useCallback(
    (why: Farewell) => {
      // The signed-in-only pages then send the person to sign in, where `farewell` is said.
      setSession(undefined);
      setFarewell(why);
      // What was fetched for this person must not show to whoever signs in next.
      queries.clear();
    },
    [queries],
  );

  const value = useMemo(
    () => ({ session, farewell, signIn, signInWithToken, signOut }),
    [session, farewell, signIn, signInWithToken, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
