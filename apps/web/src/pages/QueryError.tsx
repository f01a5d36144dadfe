// A failed request, in words: an ended session signs the person out and sends them to sign in.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { ApiError } from '../api/client';
import { useSession } from '../session/session';

export function QueryError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const expired = error instanceof ApiError && error.status === 401;
  useEffect(() => {
    if (!expired) return;
    signOut();
    void navigate('/sign-in', { state: { expired: true } });
  }, [expired, signOut, navigate]);
  return (
    <p role="alert" className="error">
      {t(expired ? 'app.sessionExpired' : 'app.error')}
    </p>
  );
}
