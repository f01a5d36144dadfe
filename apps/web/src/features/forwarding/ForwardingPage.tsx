// Administration → Forwarding: the other LRSs and webhooks the tenant's statements are sent to, each with how far
// delivery is (delivered, waiting, lag, last error, dead letters), and a button to pause or resume one. Targets are
// created over the API (docs/flows.md "Forwarding"): their secrets never come back to a browser.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { StatusMessage } from '../../admin/forms';
import { useToken } from '../../admin/useToken';
import { Table } from '../../components/Table';
import { formatLocale } from '../../i18n';
import { PageTitle } from '../../pages/PageTitle';
import { QueryStatus } from '../../pages/QueryError';
import { listTargets, setEnabled, type TargetWithStatus } from './api';

const KEY = ['admin', 'forwarding'];

export function ForwardingPage() {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const [status, setStatus] = useState('');
  const targets = useQuery({ queryKey: KEY, queryFn: () => listTargets(token), refetchInterval: 10_000 });
  const toggle = useMutation({
    mutationFn: (target: TargetWithStatus) => setEnabled(token, target.id, !target.enabled),
    onSuccess: (target) => {
      setStatus(t(target.enabled ? 'forwarding.resumed' : 'forwarding.paused', { name: target.name }));
      void queries.invalidateQueries({ queryKey: KEY });
    },
  });
  const locale = formatLocale();
  const n = new Intl.NumberFormat(locale);
  const seconds = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const when = (iso: string | null) => (iso ? date.format(new Date(iso)) : t('forwarding.never'));

  return (
    <>
      <PageTitle>{t('forwarding.title')}</PageTitle>
      <p>{t('forwarding.intro')}</p>
      <StatusMessage>{status}</StatusMessage>
      {toggle.isError && (
        <p role="alert" className="error">
          {t('forwarding.changeFailed')}
        </p>
      )}
      <QueryStatus query={targets} empty={targets.data?.length === 0 && t('forwarding.none')} />
      {targets.data && targets.data.length > 0 && (
        <Table
          caption={t('forwarding.caption')}
          columns={[
            t('forwarding.name'),
            t('forwarding.kind'),
            t('forwarding.state'),
            { label: t('forwarding.delivered'), className: 'num' },
            t('forwarding.lastDelivered'),
            { label: t('forwarding.waiting'), className: 'num' },
            { label: t('forwarding.lag'), className: 'num' },
            t('forwarding.lastError'),
            { label: t('forwarding.deadLetters'), className: 'num' },
            t('forwarding.actions'),
          ]}
        >
          {targets.data.map((target) => {
            const s = target.status;
            return (
              <tr key={target.id}>
                <th scope="row">
                  {target.name}
                  <br />
                  <span className="hint">{target.url}</span>
                </th>
                <td>{t(`forwarding.kinds.${target.kind}`)}</td>
                <td>
                  {!target.enabled
                    ? t('forwarding.states.paused')
                    : s.attempts > 0
                      ? t('forwarding.states.retrying', { count: s.attempts })
                      : t('forwarding.states.active')}
                </td>
                <td className="num">{n.format(s.deliveredStatements)}</td>
                <td>{when(s.lastDeliveredAt)}</td>
                <td className="num">{n.format(s.pendingStatements)}</td>
                <td className="num">{t('forwarding.seconds', { value: seconds.format(s.lagSeconds) })}</td>
                <td>{s.lastError ? `${s.lastError} (${when(s.lastErrorAt)})` : t('forwarding.noError')}</td>
                <td className="num">{n.format(s.deadLetters)}</td>
                <td>
                  <button
                    type="button"
                    disabled={toggle.isPending}
                    aria-label={t(target.enabled ? 'forwarding.pauseNamed' : 'forwarding.resumeNamed', {
                      name: target.name,
                    })}
                    onClick={() => toggle.mutate(target)}
                  >
                    {t(target.enabled ? 'forwarding.pause' : 'forwarding.resume')}
                  </button>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
}
