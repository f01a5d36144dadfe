import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';

import { Layout } from './Layout';
import { AccessLogPage } from './pages/AccessLogPage';
import { MyDataPage } from './pages/MyDataPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RecordsPage } from './pages/RecordsPage';
import { SignInCallbackPage } from './pages/SignInCallbackPage';
import { SignInPage } from './pages/SignInPage';
import { CALLBACK_PATH } from './session/oidc';
import { WhoCanSeePage } from './pages/WhoCanSeePage';
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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
