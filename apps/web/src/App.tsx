import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';

import { AdminSection } from './admin/AdminSection';
import { Layout } from './Layout';
import { AccessLogPage } from './pages/AccessLogPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RecordsPage } from './pages/RecordsPage';
import { SignInPage } from './pages/SignInPage';
import { useSession } from './session/session';

/** A page for signed-in people: anyone else is sent to sign in, and comes back afterwards. */
function SignedIn({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return children;
}

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/" element={<Navigate to="/records" replace />} />
        <Route path="/sign-in" element={<SignInPage />} />
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
