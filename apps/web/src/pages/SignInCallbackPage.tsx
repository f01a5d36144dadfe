// Where the institution's OIDC provider sends the person back (CALLBACK_PATH): the code is traded for a token,
// the session opened with it, and the person taken to the page they wanted.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { signInOptions } from '../api/client';
import { finishOidcSignIn } from '../session/oidc';
import { useSession } from '../session/session';
import { PageTitle } from './PageTitle';

export function SignInCallbackPage() {
  const { t } = useTranslation();
  const { signInWithToken } = useSession();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  const options = useQuery({ queryKey: ['sign-in-options'], queryFn: signInOptions, staleTime: Infinity });
  const oidc = options.data?.oidc;

  // No provider configured (or none reachable): nothing to finish.
  const noProvider = options.isError || options.data?.oidc === null;

  useEffect(() => {
    if (!oidc) return;
    let current = true;
    finishOidcSignIn(oidc)
      .then(async ({ token, from }) => {
        await signInWithToken(token);
        // Drop the code and state from the address (and history) as we leave.
        if (current) void navigate(from?.startsWith('/') ? from : '/records', { replace: true });
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [oidc, signInWithToken, navigate]);

  return (
    <div className="narrow">
      <PageTitle>{t('signIn.callback.title')}</PageTitle>
      {failed || noProvider ? (
        <>
          <p role="alert" className="error">
            {t('signIn.callback.failed')}
          </p>
          <p>
            <Link to="/sign-in" replace>
              {t('signIn.callback.again')}
            </Link>
          </p>
        </>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
    </div>
  );
}
