import { useSession } from '../session/session';

/** The signed-in admin's bearer token (the admin section renders only inside a session). */
export function useToken(): string {
  const { session } = useSession();
  return session?.token ?? '';
}
