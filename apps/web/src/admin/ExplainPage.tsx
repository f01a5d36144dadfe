// Explain access: why a person or a connected system may (or may not) read one statement, rule by rule
// (GET /api/v1/explain): their scope, self access, the policies that let it through and those that do not.
import { useMutation, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageTitle } from '../pages/PageTitle';
import { type Explanation, explain, listCredentials, listPeople } from './api';
import { ErrorSummary, failureText, type FieldErrors, TextField } from './forms';
import { useToken } from './useToken';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function basisText(basis: string, t: TFunction): string {
  return t(`admin.policies.basis.${basis as 'consent'}`);
}

function Result({ result, who }: { result: Explanation; who: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="explain-result" className="panel result">
      <h2 id="explain-result">{t('admin.explain.resultHeading')}</h2>
      <p className={result.decision === 'allowed' ? 'allowed big' : 'denied big'}>
        {t(result.decision === 'allowed' ? 'admin.explain.allowed' : 'admin.explain.denied', { who })}
      </p>
      {!result.principal.active && <p>{t('admin.explain.inactive')}</p>}
      {result.voided && <p>{t('admin.explain.voided')}</p>}
      {result.allowedBy.length > 0 && (
        <>
          <h3>{t('admin.explain.allowedBy')}</h3>
          <ul>
            {result.allowedBy.map((rule, i) => (
              <li key={i}>
                {rule.kind === 'self' && t('admin.explain.rule.self')}
                {rule.kind === 'scope' && t('admin.explain.rule.scope', { scope: rule.scope })}
                {rule.kind === 'policy' &&
                  [
                    t('admin.explain.rule.policy', {
                      purpose: rule.purpose.text,
                      version: rule.version,
                      basis: basisText(rule.lawfulBasis, t),
                    }),
                    rule.grantIds ? t('admin.explain.rule.grants', { count: rule.grantIds.length }) : '',
                  ]
                    .filter(Boolean)
                    .join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.notAllowedBy.length > 0 && (
        <>
          <h3>{t('admin.explain.notAllowedBy')}</h3>
          <ul>
            {result.notAllowedBy.map((p) => (
              <li key={p.policyId}>
                {t('admin.explain.rule.policy', {
                  purpose: p.purpose.text,
                  version: p.version,
                  basis: basisText(p.lawfulBasis, t),
                })}
                : {t(`admin.explain.reason.${p.reason}`)}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.redactedFields.length > 0 && (
        <p>{t('admin.explain.redacted', { fields: result.redactedFields.join(', ') })}</p>
      )}
      {result.withheld && result.withheld.length > 0 && <p>{t('admin.explain.withheld')}</p>}
    </section>
  );
}

export function ExplainPage() {
  const { t } = useTranslation();
  const token = useToken();
  const people = useQuery({ queryKey: ['admin', 'people'], queryFn: () => listPeople(token) });
  const credentials = useQuery({ queryKey: ['admin', 'credentials'], queryFn: () => listCredentials(token) });
  const [statementId, setStatementId] = useState('');
  const [principal, setPrincipal] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [asked, setAsked] = useState('');
  const run = useMutation({ mutationFn: () => explain(token, statementId.trim(), principal || undefined) });
  const nameOf = (id: string) => {
    if (!id) return t('admin.explain.you');
    const p = people.data?.find((x) => x.id === id);
    if (p) return p.displayName ?? p.username;
    return credentials.data?.find((c) => c.id === id)?.name ?? id;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = statementId.trim();
    const found: FieldErrors = {};
    if (!id) found.statementId = `${t('admin.explain.statementId')}: ${t('admin.form.required')}`;
    else if (!UUID.test(id)) found.statementId = t('admin.explain.invalidId');
    setErrors(found);
    run.reset();
    if (!found.statementId) {
      setAsked(principal);
      run.mutate();
    }
  };
  const failure =
    run.error && 'status' in run.error && run.error.status === 404
      ? t('admin.explain.notFound')
      : run.error
        ? failureText(run.error, t)
        : undefined;
  return (
    <>
      <PageTitle>{t('admin.explain.title')}</PageTitle>
      <p>{t('admin.explain.intro')}</p>
      <form onSubmit={submit} noValidate className="panel">
        <ErrorSummary errors={errors} failure={failure} />
        <TextField
          id="statement-id"
          label={t('admin.explain.statementId')}
          hint={t('admin.explain.statementIdHint')}
          value={statementId}
          onChange={setStatementId}
          error={errors.statementId}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <div className="field">
          <label htmlFor="explain-who">{t('admin.explain.who')}</label>
          <select id="explain-who" value={principal} onChange={(e) => setPrincipal(e.target.value)}>
            <option value="">{t('admin.explain.yourself')}</option>
            <optgroup label={t('admin.explain.people')}>
              {(people.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName ?? p.username} ({p.username})
                </option>
              ))}
            </optgroup>
            <optgroup label={t('admin.explain.systems')}>
              {(credentials.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type="submit" disabled={run.isPending}>
          {t('admin.explain.submit')}
        </button>
      </form>
      <div aria-live="polite">{run.data && <Result result={run.data} who={nameOf(asked)} />}</div>
    </>
  );
}
