// The door to the admin section, in the main bundle: only a person with the admin role gets past it, and only
// then is the section's code fetched (React.lazy), so learners' browsers never download the staff pages.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '../pages/PageTitle';
import { useSession } from '../session/session';

const AdminRoutes = lazy(() => import('./routes'));

/** Whether the signed-in person may see the admin section (the API decides again on every request). */
export const isAdmin = (roles: readonly string[] | undefined): boolean => !!roles?.includes('admin');

export function AdminSection() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!isAdmin(session?.roles)) {
    return (
      <>
        <PageTitle>{t('admin.forbidden.title')}</PageTitle>
        <p>{t('admin.forbidden.body')}</p>
      </>
    );
  }
  return (
    <Suspense fallback={<p role="status">{t('admin.loading')}</p>}>
      <AdminRoutes />
    </Suspense>
  );
}
