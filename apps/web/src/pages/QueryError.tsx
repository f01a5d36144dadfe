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
