// Sign-in: at the institution's OIDC provider when Custos is configured with one (GET /api/v1/auth/config), and
// the local login (POST /api/v1/auth/login): institution (tenant), username, password.
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

import { ApiError, signInOptions } from '../api/client';
import { type OidcOptions, startOidcSignIn } from '../session/oidc';
import { useSession } from '../session/session';
import { PageTitle } from './PageTitle';

interface ArrivalState {
  /** The page the person wanted before being asked to sign in. */
  from?: string;
}

/** The button that leaves for the institution's provider; it brings the person back to `from`. */
function InstitutionSignIn({ oidc, from }: { oidc: OidcOptions; from: string }) {
  const { t } = useTranslation();
  const [leaving, setLeaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const go = async () => {
    setLeaving(true);
    setFailed(false);
    try {
      await startOidcSignIn(oidc, from);
    } catch {
      // The provider could not be reached (its discovery document): say so, keep the local login.
      setFailed(true);
      setLeaving(false);
    }
  };
  return (
    <section aria-labelledby="institution-sign-in" className="institution-sign-in">
      <h2 id="institution-sign-in">{t('signIn.institution.title')}</h2>
      <p>{t('signIn.institution.intro')}</p>
      <button type="button" onClick={() => void go()} disabled={leaving}>
        {leaving ? t('signIn.institution.leaving') : t('signIn.institution.submit')}
      </button>
      {failed && (
        <p role="alert" className="error">
          {t('signIn.institution.unavailable')}
        </p>
      )}
    </section>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn, farewell } = useSession();
  const navigate = useNavigate();
  const arrival = (useLocation().state ?? {}) as ArrivalState;
  const [tenant, setTenant] = useState('default');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<'failed' | 'unavailable'>();
  const options = useQuery({ queryKey: ['sign-in-options'], queryFn: signInOptions, staleTime: Infinity });
  const from = arrival.from?.startsWith('/') ? arrival.from : '/records';
  const oidc = options.data?.oidc ?? undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await signIn(tenant.trim(), username.trim(), password);
      void navigate(from, { replace: true });
    } catch (err) {
      const refused = err instanceof ApiError && err.status >= 400 && err.status < 500;
      setFailure(refused ? 'failed' : 'unavailable');
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <PageTitle>{t('signIn.title')}</PageTitle>
      {farewell && (
        <p role="status">{t(farewell === 'expired' ? 'app.sessionExpired' : 'signIn.signedOut')}</p>
      )}
      {oidc && <InstitutionSignIn oidc={oidc} from={from} />}
      {oidc && <h2>{t('signIn.localTitle')}</h2>}
      <p>{t('signIn.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate={false}>
        <div className="field">
          <label htmlFor="tenant">{t('signIn.tenant')}</label>
          <input
            id="tenant"
            name="tenant"
            required
            autoComplete="organization"
            aria-describedby="tenant-hint"
            value={tenant}
            onChange={(e) => setTenant(e.target.value)}
          />
          <p id="tenant-hint" className="hint">
            {t('signIn.tenantHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="username">{t('signIn.username')}</label>
          <input
            id="username"
            name="username"
            required
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t('signIn.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {failure && (
          <p role="alert" className="error">
            {t(`signIn.${failure}`)}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
