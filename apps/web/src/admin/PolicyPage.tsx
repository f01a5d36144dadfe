// One institution policy: edit it (each save is a new version; earlier ones are kept) and its version history.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { formatLocale } from '../i18n';
import { PageTitle } from '../pages/PageTitle';
import { QueryStatus } from '../pages/QueryError';
import { policyHistory, updatePolicy } from './api';
import { StatusMessage } from './forms';
import { granteeText, POLICIES } from './PoliciesPage';
import { PolicyForm } from './PolicyForm';
import { useToken } from './useToken';
import { Table } from '../components/Table';

export function PolicyPage() {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const { id = '' } = useParams();
  const history = useQuery({
    queryKey: [...POLICIES, id, 'history'],
    queryFn: () => policyHistory(token, id),
  });
  const [status, setStatus] = useState<string>();
  const versions = history.data ?? [];
  const current = versions.find((v) => v.supersededAt === null) ?? versions.at(-1);
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      <PageTitle>{t('admin.policies.editTitle')}</PageTitle>
      <p>
        <Link to="/admin/policies">{t('admin.policies.back')}</Link>
      </p>
      <StatusMessage>{status}</StatusMessage>
      <QueryStatus query={history} />
      {current && (
        <PolicyForm
          key={current.version}
          id="edit-policy"
          policy={current}
          submitLabel={t('admin.form.save')}
          save={(body) => updatePolicy(token, id, body)}
          onSaved={(p) => {
            setStatus(t('admin.policies.savedMsg', { version: p.version }));
            void queries.invalidateQueries({ queryKey: POLICIES });
          }}
        />
      )}
      {versions.length > 0 && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{t('admin.policies.historyHeading')}</h2>
          <Table
            caption={t('admin.policies.historyCaption')}
            columns={[
              t('admin.policies.version'),
              t('admin.policies.purpose'),
              t('admin.policies.grantee'),
              t('admin.policies.lawfulBasis'),
              t('admin.policies.createdAt'),
              t('admin.policies.supersededAt'),
            ]}
            className="history"
          >
            {versions.map((v) => (
              <tr key={v.version}>
                <th scope="row">{v.version}</th>
                <td>{v.purpose.text}</td>
                <td>{granteeText(v, t)}</td>
                <td>{t(`admin.policies.basis.${v.lawfulBasis}`)}</td>
                <td>{date.format(new Date(v.createdAt))}</td>
                <td>
                  {v.supersededAt ? date.format(new Date(v.supersededAt)) : t('admin.policies.current')}
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}
    </>
  );
}
