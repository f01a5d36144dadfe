// Every page: a skip link, the header (name, navigation when signed in, language, sign-out) and
// the main region the pages render into.
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';

import { isAdmin } from './admin/AdminSection';
import { LANGUAGES, currentLanguage } from './i18n';
import { AUDITOR_ROLES, GUARDIAN_ROLES, hasRole, INTEGRITY_ROLES } from './session/roles';
import { useSession } from './session/session';

function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language">
      <label htmlFor="language">{t('app.language')}</label>
      <select
        id="language"
        value={currentLanguage()}
        onChange={(e) => void i18n.changeLanguage(e.target.value)}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`languages.${lng}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top">
        <div className="brand">
          <span className="name">{t('app.name')}</span>
          <span className="tagline">{t('app.tagline')}</span>
        </div>
        {session && (
          <nav aria-label={t('app.mainNav')}>
            <ul>
              <li>
                <NavLink to="/records">{t('nav.records')}</NavLink>
              </li>
              <li>
                <NavLink to="/access-log">{t('nav.accessLog')}</NavLink>
              </li>
              <li>
                <NavLink to="/who-can-see">{t('learnerNav.whoCanSee')}</NavLink>
              </li>
              <li>
                <NavLink to="/my-data">{t('learnerNav.myData')}</NavLink>
              </li>
              {hasRole(session.roles, GUARDIAN_ROLES) && (
                <li>
                  <NavLink to="/guardian">{t('learnerNav.guardian')}</NavLink>
                </li>
              )}
              {hasRole(session.roles, AUDITOR_ROLES) && (
                <>
                  <li>
                    <NavLink to="/audit" end>
                      {t('auditor.nav.log')}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/audit/patterns">{t('auditor.nav.charts')}</NavLink>
                  </li>
                </>
              )}
              {hasRole(session.roles, INTEGRITY_ROLES) && (
                <li>
                  <NavLink to="/audit/integrity">{t('auditor.nav.integrity')}</NavLink>
                </li>
              )}
              {isAdmin(session.roles) && (
                <li>
                  <NavLink to="/admin">{t('admin.navLink')}</NavLink>
                </li>
              )}
            </ul>
          </nav>
        )}
        <div className="tools">
          <LanguageSwitcher />
          {session && (
            <>
              <span className="who">{t('app.signedInAs', { name: session.name })}</span>
              <button type="button" onClick={() => signOut('signed-out')}>
                {t('app.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
