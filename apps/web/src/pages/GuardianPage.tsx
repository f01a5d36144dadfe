// A guardian's page (docs/privacy-operations.md "Guardians and minors"): the learners linked to them, and for each
// learner who is still a minor, the consent choices the guardian makes for them — give or withdraw consent to each
// policy that asks for it — each answered by a consent receipt naming the guardian. The API decides (403 once the
// learner comes of age); this page only offers what can work.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  type ConsentReceipt,
  grantForWard,
  revokeForWard,
  type Ward,
  wardConsentRequests,
  wards,
} from '../api/consent';
import { Table } from '../components/Table';
import { formatLocale } from '../i18n';
import { useSession } from '../session/session';
import { PageTitle } from './PageTitle';
import { QueryError } from './QueryError';
import { ReceiptCard } from './WhoCanSeePage';

const WARDS = ['guardian', 'learners'];

function nameOf(w: Ward) {
  return w.displayName ?? w.username;
}

function WardConsent({ ward, token }: { ward: Ward; token: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const key = ['guardian', 'consent-requests', ward.id];
  const requests = useQuery({ queryKey: key, queryFn: () => wardConsentRequests(token, ward.id) });
  const [receipt, setReceipt] = useState<ConsentReceipt | null>(null);
  const change = useMutation({
    mutationFn: (a: { policyId: string; grantId: string | null }) =>
      a.grantId
        ? revokeForWard(token, ward.id, a.grantId)
        : grantForWard(token, ward.id, { policyId: a.policyId }),
    onSuccess: (r) => {
      setReceipt(r);
      void queries.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <section aria-labelledby={`ward-${ward.id}-heading`}>
      <h2 id={`ward-${ward.id}-heading`}>{t('guardian.requestsHeading', { name: nameOf(ward) })}</h2>
      {requests.error && <QueryError error={requests.error} />}
      {requests.data?.length === 0 && <p>{t('guardian.noRequests')}</p>}
      {requests.data && requests.data.length > 0 && (
        <Table
          caption={t('guardian.requestsHeading', { name: nameOf(ward) })}
          columns={[
            t('guardian.purpose'),
            t('guardian.state'),
            { label: t('guardian.action'), hidden: true },
          ]}
        >
          {requests.data.map((r) => (
            <tr key={r.policy.id}>
              <td>{r.policy.purpose.text}</td>
              <td>{r.grant ? t('guardian.granted') : t('guardian.notGranted')}</td>
              <td>
                <button
                  type="button"
                  disabled={change.isPending}
                  onClick={() => change.mutate({ policyId: r.policy.id, grantId: r.grant?.id ?? null })}
                >
                  {r.grant ? t('guardian.revoke') : t('guardian.grant')}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <div role="status">
        {receipt && (
          <>
            <p>{t('guardian.done', { number: receipt.receiptId.slice(0, 8), name: nameOf(ward) })}</p>
            <ReceiptCard receipt={receipt} />
          </>
        )}
      </div>
      {change.error && (
        <p role="alert" className="error">
          {t('guardian.failed', { message: change.error.message })}
        </p>
      )}
    </section>
  );
}

export function GuardianPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const token = session?.token ?? '';
  const list = useQuery({ queryKey: WARDS, queryFn: () => wards(token) });
  const [open, setOpen] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'long', timeZone: 'UTC' });
  const chosen = list.data?.find((w) => w.id === open && w.minor);
  return (
    <>
      <PageTitle>{t('guardian.title')}</PageTitle>
      <p>{t('guardian.intro')}</p>
      {list.error && <QueryError error={list.error} />}
      {list.data?.length === 0 && <p>{t('guardian.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <Table
          caption={t('guardian.caption')}
          columns={[t('guardian.name'), t('guardian.status'), { label: t('guardian.action'), hidden: true }]}
        >
          {list.data.map((w) => (
            <tr key={w.id}>
              <td>{nameOf(w)}</td>
              <td>
                {!w.minor
                  ? t('guardian.ofAge')
                  : w.ofAgeOn
                    ? t('guardian.minorUntil', { date: date.format(new Date(w.ofAgeOn)) })
                    : t('guardian.minor')}
              </td>
              <td>
                {w.minor && (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={t('guardian.manageNamed', { name: nameOf(w) })}
                    onClick={() => setOpen(w.id)}
                  >
                    {t('guardian.manage')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {chosen && <WardConsent key={chosen.id} ward={chosen} token={token} />}
    </>
  );
}
