// The admin section, loaded only when an admin opens it (React.lazy in ./AdminSection.tsx): learners never
// download these pages. Its own sub-navigation, then the pages under /admin.
import './admin.css';

import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';

import { AnalyticsPage } from '../features/analytics/AnalyticsPage';
import { ForwardingPage } from '../features/forwarding/ForwardingPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { CredentialsPage } from './CredentialsPage';
import { ExplainPage } from './ExplainPage';
import { PeoplePage } from './PeoplePage';
import { PoliciesPage } from './PoliciesPage';
import { PolicyPage } from './PolicyPage';
import { RetentionPage } from './RetentionPage';

const SECTIONS = [
  'credentials',
  'people',
  'policies',
  'retention',
  'forwarding',
  'explain',
  'analytics',
] as const;

export default function AdminRoutes() {
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t('admin.sectionNav')} className="subnav">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <NavLink to={`/admin/${s}`}>{t(`admin.nav.${s}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to="credentials" replace />} />
        <Route path="credentials" element={<CredentialsPage />} />
        <Route path="people" element={<PeoplePage />} />
        <Route path="policies" element={<PoliciesPage />} />
        <Route path="policies/:id" element={<PolicyPage />} />
        <Route path="retention" element={<RetentionPage />} />
        <Route path="forwarding" element={<ForwardingPage />} />
        <Route path="explain" element={<ExplainPage />} />
        <Route path="analytics" element={<AnalyticsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
