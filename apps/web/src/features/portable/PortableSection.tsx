// "Take my records to another institution" and "Bring records from another institution" (docs/flows.md "A learner
// carries their records"): the learner downloads their signed archive, or chooses an archive file another
// institution gave them; the server checks the signature and the issuer and says what it kept.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useSession } from '../../session/session';
import { saveFile, today } from '../../utils/download';
import { bringArchive, myPortableArchive } from './api';

export function PortableSection() {
  const { t } = useTranslation();
  const { session } = useSession();
  const token = session?.token ?? '';
  const [file, setFile] = useState<File | null>(null);
  const download = useMutation({
    mutationFn: async () => {
      const archive = await myPortableArchive(token);
      saveFile(`custos-signed-records-${today()}.json`, archive.file);
      return archive.statements;
    },
  });
  const bring = useMutation({ mutationFn: async (chosen: File) => bringArchive(token, await chosen.text()) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) bring.mutate(file);
  };
  const reply = bring.data;

  return (
    <>
      <section aria-labelledby="portable-heading" className="portable">
        <h2 id="portable-heading">{t('portable.title')}</h2>
        <p>{t('portable.intro')}</p>
        <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
          {download.isPending ? t('portable.preparing') : t('portable.download')}
        </button>
        <div role="status">
          {download.data !== undefined && <p>{t('portable.ready', { count: download.data })}</p>}
        </div>
        {download.error && (
          <p role="alert" className="error">
            {download.error.message}
          </p>
        )}
      </section>
      <section aria-labelledby="bring-heading" className="portable">
        <h2 id="bring-heading">{t('portable.bringTitle')}</h2>
        <p>{t('portable.bringIntro')}</p>
        <form onSubmit={submit}>
          <label>
            {t('portable.file')}{' '}
            <input
              type="file"
              accept=".json,application/json,application/jose+json"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>{' '}
          <button type="submit" disabled={!file || bring.isPending}>
            {bring.isPending ? t('portable.bringing') : t('portable.bring')}
          </button>
        </form>
        <div role="status">
          {reply && (
            <ul>
              <li>{t('portable.brought', { count: reply.imported })}</li>
              {reply.alreadyPresent > 0 && (
                <li>{t('portable.alreadyHere', { count: reply.alreadyPresent })}</li>
              )}
              {reply.refused.length > 0 && (
                <li>
                  {t('portable.refused', { count: reply.refused.length, reason: reply.refused[0]!.reason })}
                </li>
              )}
            </ul>
          )}
        </div>
        {bring.error && (
          <p role="alert" className="error">
            {bring.error.message}
          </p>
        )}
      </section>
    </>
  );
}
