// Connected systems: an admin creates an xAPI credential with the scopes it needs (its secret shown this once,
// with copy buttons and a plain warning), sees the list, binds one to a policy's purpose (what it may store about
// learners without a basis under it: docs/privacy-operations.md "Write purposes"), and revokes one after confirming.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatLocale } from '../i18n';
import { PageTitle } from '../pages/PageTitle';
import { QueryStatus } from '../pages/QueryError';
import {
  bindCredential,
  type CreatedCredential,
  type Credential,
  createCredential,
  listCredentials,
  listPolicies,
  type Policy,
  revokeCredential,
  type Scope,
  SCOPES,
} from './api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import {
  CheckboxGroup,
  ErrorSummary,
  failureText,
  type FieldErrors,
  serverFieldErrors,
  StatusMessage,
  TextField,
} from './forms';
import { useToken } from './useToken';
import { Table } from '../components/Table';

const KEY = ['admin', 'credentials'];
const POLICIES = ['admin', 'policies'];

/** A select of the tenant's policies to write for; the empty value is "not bound". */
function PurposeSelect(props: {
  id: string;
  label?: string;
  policies: Policy[];
  value: string | null;
  onChange: (policyId: string | null) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <select
      id={props.id}
      aria-label={props.label}
      value={props.value ?? ''}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value === '' ? null : e.target.value)}
    >
      <option value="">{t('admin.credentials.unbound')}</option>
      {props.policies.map((p) => (
        <option key={p.id} value={p.id}>
          {p.purpose.text}
        </option>
      ))}
    </select>
  );
}

function SecretOnce({ created, onDone }: { created: CreatedCredential; onDone: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string>();
  useEffect(() => heading.current?.focus(), []);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(t('admin.credentials.copied'));
    } catch {
      setCopied(t('admin.credentials.copyFailed'));
    }
  };
  return (
    <section className="secret" aria-labelledby="secret-heading">
      <h2 id="secret-heading" ref={heading} tabIndex={-1}>
        {t('admin.credentials.secretHeading')}
      </h2>
      <p className="warning">{t('admin.credentials.secretWarning')}</p>
      <p>{t('admin.credentials.createdFor', { name: created.credential.name })}</p>
      <dl>
        <dt>{t('admin.credentials.key')}</dt>
        <dd>
          <code id="new-key">{created.credential.key}</code>{' '}
          <button type="button" className="secondary" onClick={() => void copy(created.credential.key)}>
            {t('admin.credentials.copyKey')}
          </button>
        </dd>
        <dt>{t('admin.credentials.secret')}</dt>
        <dd>
          <code id="new-secret">{created.secret}</code>{' '}
          <button type="button" className="secondary" onClick={() => void copy(created.secret)}>
            {t('admin.credentials.copySecret')}
          </button>
        </dd>
      </dl>
      <StatusMessage>{copied}</StatusMessage>
      <button type="button" onClick={onDone}>
        {t('admin.credentials.saved')}
      </button>
    </section>
  );
}

function CreateForm({ onCreated }: { onCreated: (c: CreatedCredential) => void }) {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [purpose, setPurpose] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const policies = useQuery({ queryKey: POLICIES, queryFn: () => listPolicies(token) });
  const create = useMutation({
    mutationFn: () => createCredential(token, { name: name.trim(), scopes, writePolicyId: purpose }),
    onSuccess: (created) => {
      setName('');
      setScopes([]);
      setPurpose(null);
      void queries.invalidateQueries({ queryKey: KEY });
      onCreated(created);
    },
    onError: (err) => setErrors(serverFieldErrors(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!name.trim()) found.name = `${t('admin.credentials.name')}: ${t('admin.form.required')}`;
    if (scopes.length === 0) found.scopes = `${t('admin.credentials.scopes')}: ${t('admin.form.chooseOne')}`;
    setErrors(found);
    create.reset();
    if (Object.keys(found).length === 0) create.mutate();
  };
  return (
    <section aria-labelledby="create-credential">
      <h2 id="create-credential">{t('admin.credentials.createHeading')}</h2>
      <form onSubmit={submit} noValidate className="panel">
        <ErrorSummary errors={errors} failure={create.isError ? failureText(create.error, t) : undefined} />
        <TextField
          id="credential-name"
          label={t('admin.credentials.name')}
          hint={t('admin.credentials.nameHint')}
          value={name}
          onChange={setName}
          error={errors.name}
          required
          autoComplete="off"
        />
        <CheckboxGroup
          legend={t('admin.credentials.scopes')}
          values={SCOPES}
          labelOf={(s) => (
            <>
              {t(`admin.scope.${s}`)} <code>{s}</code>
            </>
          )}
          checked={scopes}
          onChange={setScopes}
          error={errors.scopes}
        />
        <div className="field">
          <label htmlFor="credential-purpose">{t('admin.credentials.writePurpose')}</label>
          <PurposeSelect
            id="credential-purpose"
            policies={policies.data ?? []}
            value={purpose}
            onChange={setPurpose}
          />
          <p className="hint">{t('admin.credentials.writePurposeHint')}</p>
        </div>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? t('admin.credentials.creating') : t('admin.credentials.create')}
        </button>
      </form>
    </section>
  );
}

export function CredentialsPage() {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => listCredentials(token) });
  const policies = useQuery({ queryKey: POLICIES, queryFn: () => listPolicies(token) });
  const bind = useMutation({
    mutationFn: ({ c, policyId }: { c: Credential; policyId: string | null }) =>
      bindCredential(token, c.id, policyId),
    onSuccess: (c) => {
      setStatus(t('admin.credentials.bound', { name: c.name }));
      void queries.invalidateQueries({ queryKey: KEY });
    },
    onError: (err) => setStatus(failureText(err, t)),
  });
  const [created, setCreated] = useState<CreatedCredential>();
  const [confirming, setConfirming] = useState<Credential>();
  const [status, setStatus] = useState<string>();
  const revoke = useMutation({
    mutationFn: (c: Credential) => revokeCredential(token, c.id),
    onSuccess: (c) => {
      setConfirming(undefined);
      setStatus(t('admin.credentials.revoked', { name: c.name }));
      void queries.invalidateQueries({ queryKey: KEY });
    },
  });
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <>
      <PageTitle>{t('admin.credentials.title')}</PageTitle>
      <p>{t('admin.credentials.intro')}</p>
      {created ? (
        <SecretOnce created={created} onDone={() => setCreated(undefined)} />
      ) : (
        <CreateForm onCreated={setCreated} />
      )}
      <StatusMessage>{status}</StatusMessage>
      <QueryStatus query={list} empty={list.data?.length === 0 && t('admin.credentials.empty')} />
      {list.data && list.data.length > 0 && (
        <Table
          caption={t('admin.credentials.caption')}
          columns={[
            t('admin.credentials.name'),
            t('admin.credentials.key'),
            t('admin.credentials.scopes'),
            t('admin.credentials.writePurpose'),
            t('admin.credentials.created'),
            t('admin.credentials.status'),
            t('admin.credentials.actions'),
          ]}
        >
          {list.data.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>
                <code>{c.key}</code>
              </td>
              <td>{c.scopes.join(', ')}</td>
              <td>
                <PurposeSelect
                  id={`purpose-${c.id}`}
                  label={t('admin.credentials.writePurposeOf', { name: c.name })}
                  policies={policies.data ?? []}
                  value={c.writePolicyId}
                  disabled={!!c.revokedAt || bind.isPending}
                  onChange={(policyId) => bind.mutate({ c, policyId })}
                />
              </td>
              <td>{date.format(new Date(c.createdAt))}</td>
              <td className={c.revokedAt ? 'denied' : 'allowed'}>
                {c.revokedAt
                  ? t('admin.credentials.revokedOn', { date: date.format(new Date(c.revokedAt)) })
                  : t('admin.credentials.active')}
              </td>
              <td>
                {!c.revokedAt && (
                  <button
                    type="button"
                    className="danger"
                    aria-label={t('admin.credentials.revokeNamed', { name: c.name })}
                    onClick={() => {
                      revoke.reset();
                      setConfirming(c);
                    }}
                  >
                    {t('admin.credentials.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('admin.credentials.confirmTitle', { name: confirming.name })}
          consequence={<p>{t('admin.credentials.confirmBody')}</p>}
          confirmLabel={t('admin.credentials.confirm')}
          destructive
          busy={revoke.isPending}
          error={revoke.isError ? failureText(revoke.error, t) : undefined}
          onConfirm={() => revoke.mutate(confirming)}
          onCancel={() => setConfirming(undefined)}
        />
      )}
    </>
  );
}
