// A failed request, in words: an ended session signs the person out and sends them to sign in.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import { useSession } from '../session/session';

export function QueryError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const expired = error instanceof ApiError && error.status === 401;
  useEffect(() => {
    if (expired) signOut('expired');
  }, [expired, signOut]);
  return (
    <p role="alert" className="error">
      {t(expired ? 'app.sessionExpired' : 'app.error')}
    </p>
  );
}

/**
 * A request's state in words, as every page says it: loading (a status line), its failure (QueryError), or
 * `empty` when it found nothing. `isPending` may be narrowed by the page (e.g. only while the request is sent).
 */
export function QueryStatus({
  query,
  empty,
}: {
  query: { isPending: boolean; error: Error | null };
  /** What to say when the request succeeded with nothing to show (false or absent: nothing to say). */
  empty?: string | false;
}) {
  const { t } = useTranslation();
  return (
    <>
      {query.isPending && <p role="status">{t('app.loading')}</p>}
      {query.error && <QueryError error={query.error} />}
      {empty && <p>{empty}</p>}
    </>
  );
}
