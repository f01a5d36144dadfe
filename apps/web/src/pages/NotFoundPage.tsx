import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { PageTitle } from './PageTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/records">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
