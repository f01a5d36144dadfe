// Institution policies: the current ones with how many learners granted consent or objected (counts only),
// a new policy, and (PolicyPage) editing one with its version history.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { formatLocale } from '../i18n';
import { PageTitle } from '../pages/PageTitle';
import { QueryStatus } from '../pages/QueryError';
import { createPolicy, listPolicies, type Policy, policyCounts, ROLES } from './api';
import { StatusMessage } from './forms';
import { PolicyForm } from './PolicyForm';
import { useToken } from './useToken';
import { Table } from '../components/Table';

export const POLICIES = ['admin', 'policies'];

/** Who a policy lets read, in words: a role's name, else the kind and the id. */
export function granteeText(policy: Policy, t: TFunction): string {
  const { kind, id } = policy.grantee;
  if (kind === 'role' && (ROLES as readonly string[]).includes(id)) {
    return `${t('admin.policies.kind.role')}: ${t(`admin.role.${id as (typeof ROLES)[number]}`)}`;
  }
  return `${t(`admin.policies.kind.${kind}`)}: ${id}`;
}

export function PoliciesPage() {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const policies = useQuery({ queryKey: POLICIES, queryFn: () => listPolicies(token) });
  const counts = useQuery({ queryKey: [...POLICIES, 'counts'], queryFn: () => policyCounts(token) });
  const [status, setStatus] = useState<string>();
  const [formKey, setFormKey] = useState(0);
  const number = new Intl.NumberFormat(formatLocale());
  const countOf = new Map((counts.data ?? []).map((c) => [c.policyId, c]));
  return (
    <>
      <PageTitle>{t('admin.policies.title')}</PageTitle>
      <p>{t('admin.policies.intro')}</p>
      <StatusMessage>{status}</StatusMessage>
      <QueryStatus query={policies} empty={policies.data?.length === 0 && t('admin.policies.empty')} />
      {policies.data && policies.data.length > 0 && (
        <Table
          caption={t('admin.policies.caption')}
          columns={[
            t('admin.policies.purpose'),
            t('admin.policies.grantee'),
            t('admin.policies.lawfulBasis'),
            t('admin.policies.version'),
            { label: t('admin.policies.grants'), className: 'num' },
            { label: t('admin.policies.objections'), className: 'num' },
            { label: t('admin.credentials.actions'), hidden: true },
          ]}
        >
          {policies.data.map((p) => {
            const c = countOf.get(p.id);
            return (
              <tr key={p.id}>
                <th scope="row">
                  {p.purpose.text} <code>{p.purpose.code}</code>
                </th>
                <td>{granteeText(p, t)}</td>
                <td>{t(`admin.policies.basis.${p.lawfulBasis}`)}</td>
                <td>{number.format(p.version)}</td>
                <td className="num">{c ? number.format(c.activeGrants) : '—'}</td>
                <td className="num">{c ? number.format(c.standingObjections) : '—'}</td>
                <td>
                  <Link
                    to={`/admin/policies/${p.id}`}
                    aria-label={t('admin.policies.editNamed', { purpose: p.purpose.text })}
                  >
                    {t('admin.policies.edit')}
                  </Link>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      <section aria-labelledby="new-policy">
        <h2 id="new-policy">{t('admin.policies.createHeading')}</h2>
        <PolicyForm
          key={formKey}
          id="new-policy-form"
          submitLabel={t('admin.policies.create')}
          save={(body) => createPolicy(token, body)}
          onSaved={(p) => {
            setStatus(t('admin.policies.createdMsg', { purpose: p.purpose.text }));
            setFormKey((k) => k + 1);
            void queries.invalidateQueries({ queryKey: POLICIES });
          }}
        />
      </section>
    </>
  );
}
