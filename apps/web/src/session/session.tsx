// Who is signed in. The bearer token lives in this component's state only — never in localStorage,
// sessionStorage or a cookie — so it is gone when the tab closes or the person signs out, and no
// other page can read it. A reload asks the person to sign in again.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

import { logIn } from '../api/client';

export interface Session {
  token: string;
  username: string;
}

interface SessionContextValue {
  session: Session | undefined;
  signIn: (tenant: string, username: string, password: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>();
  const queries = useQueryClient();

  const signIn = useCallback(async (tenant: string, username: string, password: string) => {
    const token = await logIn(tenant, username, password);
    setSession({ token, username });
  }, []);

  const signOut = useCallback(() => {
    setSession(undefined);
    // What was fetched for this person must not show to whoever signs in next.
    queries.clear();
  }, [queries]);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
