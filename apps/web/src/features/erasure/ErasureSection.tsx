// "Erase all my records": the learner asks for the erasure of everything about them, sees when it will be
// carried out (after the grace period, unless an admin approves it sooner) and may cancel it until then; a
// legal obligation that blocks it is named with its purpose. Once it is carried out the account no longer
// exists, so the page keeps what it last saw and says the erasure is done, with its id (the institution holds
// the signed completion record under it).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatLocale } from '../../i18n';
import { useSession } from '../../session/session';
import { cancelErasure, type Erasure, myErasures, requestErasure } from './api';

const KEY = ['erasure', 'mine'] as const;
const OPEN = new Set(['waiting', 'approved', 'running']);

export function ErasureSection() {
  const { t } = useTranslation();
  const { session } = useSession();
  const token = session?.token ?? '';
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [lastOpen, setLastOpen] = useState<Erasure | undefined>();
  const mine = useQuery({
    queryKey: KEY,
    queryFn: async () => {
      const list = await myErasures(token);
      const open = list.find((e) => OPEN.has(e.state));
      if (open) setLastOpen(open);
      return list;
    },
    // While one is open, follow it: it may be approved or carried out at any moment.
    refetchInterval: (q) => (q.state.data?.some((e) => OPEN.has(e.state)) ? 2000 : false),
    retry: false,
  });
  const ask = useMutation({
    mutationFn: () => requestErasure(token),
    onSuccess: async () => {
      setConfirming(false);
      await client.invalidateQueries({ queryKey: KEY });
    },
  });
  const cancel = useMutation({
    mutationFn: (id: string) => cancelErasure(token, id),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });

  // The account is gone: the erasure that was open has been carried out.
  const erased = lastOpen && mine.error instanceof ApiError && mine.error.status === 401;
  const latest = mine.data?.[0];
  const open = mine.data?.find((e) => OPEN.has(e.state));

  return (
    <section aria-labelledby="erasure-heading" className="erasure">
      <h2 id="erasure-heading">{t('erasure.title')}</h2>
      <p>{t('erasure.intro')}</p>
      <div role="status">
        {erased && (
          <>
            <p>
              <strong>{t('erasure.done')}</strong>
            </p>
            <p>{t('erasure.doneId', { id: lastOpen.id })}</p>
          </>
        )}
        {!erased && open?.state === 'waiting' && open.dueAt && (
          <p>{t('erasure.waiting', { when: date.format(new Date(open.dueAt)) })}</p>
        )}
        {!erased && (open?.state === 'approved' || open?.state === 'running') && (
          <p>{t('erasure.running')}</p>
        )}
        {!erased && !open && latest?.state === 'cancelled' && <p>{t('erasure.cancelled')}</p>}
        {!erased && !open && latest?.state === 'blocked' && (
          <>
            <p>{t('erasure.blocked')}</p>
            <ul>
              {latest.blockers.map((b) => (
                <li key={b.kind === 'legal-obligation' ? b.policyId : b.holdId}>
                  {b.kind === 'legal-obligation'
                    ? t('erasure.obligation', { purpose: b.purposeText, count: b.statements })
                    : t('erasure.hold', { reason: b.reason })}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {!erased && open?.state === 'waiting' && (
        <button type="button" onClick={() => cancel.mutate(open.id)} disabled={cancel.isPending}>
          {t('erasure.cancel')}
        </button>
      )}
      {!erased && !open && mine.isSuccess && (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('erasure.request')}
        </button>
      )}
      {cancel.error && (
        <p role="alert" className="error">
          {cancel.error.message}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('erasure.confirmTitle')}
          consequence={t('erasure.confirmConsequence')}
          confirmLabel={t('erasure.confirm')}
          onConfirm={() => ask.mutate()}
          onCancel={() => setConfirming(false)}
          busy={ask.isPending}
          error={ask.error?.message}
          destructive
        />
      )}
    </section>
  );
}
