// Download all my data (GET /api/v1/me/export): one NDJSON file with every record about the learner,
// saved through a Blob URL (the request needs the bearer token, which a plain link cannot send). The
// export's last line says what it held; without it the download broke off, and the page says so.
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { exportMine } from '../api/consent';
import { ErasureSection } from '../features/erasure/ErasureSection';
import { PortableSection } from '../features/portable/PortableSection';
import { useSession } from '../session/session';
import { saveFile, today } from '../utils/download';
import { PageTitle } from './PageTitle';
import { QueryError } from './QueryError';

export function MyDataPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const download = useMutation({
    mutationFn: async () => {
      const { file, summary } = await exportMine(session?.token ?? '');
      saveFile(`custos-my-data-${today()}.ndjson`, file);
      return summary;
    },
  });
  const summary = download.data;

  return (
    <>
      <PageTitle>{t('myData.title')}</PageTitle>
      <p>{t('myData.intro')}</p>
      <p>{t('myData.privacy')}</p>
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? t('myData.preparing') : t('myData.button')}
      </button>
      <div role="status" className="download-result">
        {summary?.complete && (
          <>
            <p>{t('myData.ready')}</p>
            <ul>
              <li>{t('myData.statements', { count: summary.statements })}</li>
              <li>{t('myData.documents', { count: summary.documents })}</li>
              <li>{t('myData.attachments', { count: summary.attachments })}</li>
            </ul>
          </>
        )}
      </div>
      {summary && !summary.complete && (
        <p role="alert" className="error">
          {t('myData.incomplete')}
        </p>
      )}
      {download.error && <QueryError error={download.error} />}
      <PortableSection />
      <ErasureSection />
    </>
  );
}
