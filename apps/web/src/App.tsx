import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';

import { AdminSection } from './admin/AdminSection';
import { Layout } from './Layout';
import { AccessLogPage } from './pages/AccessLogPage';
import { GuardianPage } from './pages/GuardianPage';
import { MyDataPage } from './pages/MyDataPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PageTitle } from './pages/PageTitle';
import { RecordsPage } from './pages/RecordsPage';
import { SignInCallbackPage } from './pages/SignInCallbackPage';
import { SignInPage } from './pages/SignInPage';
import { CALLBACK_PATH } from './session/oidc';
import { WhoCanSeePage } from './pages/WhoCanSeePage';
import { AUDITOR_ROLES, GUARDIAN_ROLES, hasRole, INTEGRITY_ROLES } from './session/roles';
import { useSession } from './session/session';

/** A page for signed-in people: anyone else is sent to sign in, and comes back afterwards. */
function SignedIn({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return children;
}

// Staff pages load on first visit only, in their own files: learners never download them (nor recharts).
const AuditLogPage = lazy(() =>
  import('./features/audit-console/AuditLogPage').then((m) => ({ default: m.AuditLogPage })),
);
const AuditChartsPage = lazy(() =>
  import('./features/audit-console/AuditChartsPage').then((m) => ({ default: m.AuditChartsPage })),
);
const IntegrityPage = lazy(() =>
  import('./features/audit-console/IntegrityPage').then((m) => ({ default: m.IntegrityPage })),
);

/** A signed-in page for people with one of `roles`; anyone else is told it is not for them. */
function WithRole({ roles, children }: { roles: readonly string[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!session) return <SignedIn>{children}</SignedIn>;
  if (!hasRole(session.roles, roles)) {
    return (
      <>
        <PageTitle>{t('auditor.forbidden.title')}</PageTitle>
        <p>{t('auditor.forbidden.body')}</p>
      </>
    );
  }
  return <Suspense fallback={<p role="status">{t('app.loading')}</p>}>{children}</Suspense>;
}

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/" element={<Navigate to="/records" replace />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path={CALLBACK_PATH} element={<SignInCallbackPage />} />
        <Route
          path="/records"
          element={
            <SignedIn>
              <RecordsPage />
            </SignedIn>
          }
        />
        <Route
          path="/access-log"
          element={
            <SignedIn>
              <AccessLogPage />
            </SignedIn>
          }
        />
        <Route
          path="/who-can-see"
          element={
            <SignedIn>
              <WhoCanSeePage />
            </SignedIn>
          }
        />
        <Route
          path="/my-data"
          element={
            <SignedIn>
              <MyDataPage />
            </SignedIn>
          }
        />
        <Route
          path="/guardian"
          element={
            <WithRole roles={GUARDIAN_ROLES}>
              <GuardianPage />
            </WithRole>
          }
        />
        <Route
          path="/audit"
          element={
            <WithRole roles={AUDITOR_ROLES}>
              <AuditLogPage />
            </WithRole>
          }
        />
        <Route
          path="/audit/patterns"
          element={
            <WithRole roles={AUDITOR_ROLES}>
              <AuditChartsPage />
            </WithRole>
          }
        />
        <Route
          path="/audit/integrity"
          element={
            <WithRole roles={INTEGRITY_ROLES}>
              <IntegrityPage />
            </WithRole>
          }
        />
        {/* Admins only (checked inside); the pages themselves are fetched lazily. */}
        <Route
          path="/admin/*"
          element={
            <SignedIn>
              <AdminSection />
            </SignedIn>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
