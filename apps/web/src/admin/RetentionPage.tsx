// Retention: an admin writes the rules that say how long learning records are kept (by verb, activity prefix,
// registration and age), places legal holds on a person or a rule, and runs a dry run that counts, per rule, the
// records a run would remove now and those holds keep. Nothing here removes records: the scheduled runs do, and
// every statement a rule covers is hidden from every read the moment the rule exists.
import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmDialog } from '../components/ConfirmDialog';
import { Table } from '../components/Table';
import { formatLocale } from '../i18n';
import { PageTitle } from '../pages/PageTitle';
import { QueryStatus } from '../pages/QueryError';
import {
  createLegalHold,
  createRetentionRule,
  deleteRetentionRule,
  type LegalHold,
  listLegalHolds,
  listRetentionRules,
  releaseLegalHold,
  retentionDryRun,
  type RetentionReport,
  type RetentionRule,
} from './api';
import {
  ErrorSummary,
  errorUnder,
  failureText,
  type FieldErrors,
  serverFieldErrors,
  StatusMessage,
  TextField,
} from './forms';
import { useToken } from './useToken';

const RULES = ['admin', 'retention', 'rules'];
const HOLDS = ['admin', 'retention', 'holds'];

const numbers = () => new Intl.NumberFormat(formatLocale());

function RuleForm() {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [verb, setVerb] = useState('');
  const [prefix, setPrefix] = useState('');
  const [registration, setRegistration] = useState('');
  const [days, setDays] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string>();
  const create = useMutation({
    mutationFn: () =>
      createRetentionRule(token, {
        name: name.trim(),
        olderThanDays: Number(days),
        ...(verb.trim() && { verb: verb.trim() }),
        ...(prefix.trim() && { activityPrefix: prefix.trim() }),
        ...(registration.trim() && { registration: registration.trim() }),
      }),
    onSuccess: (rule) => {
      setName('');
      setVerb('');
      setPrefix('');
      setRegistration('');
      setDays('');
      setStatus(t('admin.retention.ruleAdded', { name: rule.name }));
      void queries.invalidateQueries({ queryKey: RULES });
    },
    onError: (err) => setErrors(serverFieldErrors(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!name.trim()) found.name = `${t('admin.retention.name')}: ${t('admin.form.required')}`;
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 36_500) {
      found.olderThanDays = `${t('admin.retention.olderThanDays')}: ${t('admin.retention.daysRange')}`;
    }
    setErrors(found);
    setStatus(undefined);
    create.reset();
    if (Object.keys(found).length === 0) create.mutate();
  };
  return (
    <section aria-labelledby="add-rule">
      <h2 id="add-rule">{t('admin.retention.addRuleHeading')}</h2>
      <form onSubmit={submit} noValidate className="panel">
        <ErrorSummary errors={errors} failure={create.isError ? failureText(create.error, t) : undefined} />
        <TextField
          id="rule-name"
          label={t('admin.retention.name')}
          hint={t('admin.retention.nameHint')}
          value={name}
          onChange={setName}
          error={errors.name}
          required
          autoComplete="off"
        />
        <TextField
          id="rule-verb"
          label={t('admin.retention.verb')}
          hint={t('admin.retention.verbHint')}
          value={verb}
          onChange={setVerb}
          error={errors.verb}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="rule-prefix"
          label={t('admin.retention.activityPrefix')}
          hint={t('admin.retention.activityPrefixHint')}
          value={prefix}
          onChange={setPrefix}
          error={errors.activityPrefix}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="rule-registration"
          label={t('admin.retention.registration')}
          hint={t('admin.retention.registrationHint')}
          value={registration}
          onChange={setRegistration}
          error={errors.registration}
          autoComplete="off"
          spellCheck={false}
        />
        <div className="field">
          <label htmlFor="rule-days">{t('admin.retention.olderThanDays')}</label>
          <input
            id="rule-days"
            name="rule-days"
            type="number"
            inputMode="numeric"
            min={1}
            max={36_500}
            required
            value={days}
            aria-invalid={errors.olderThanDays ? true : undefined}
            aria-describedby={`rule-days-hint${errors.olderThanDays ? ' rule-days-error' : ''}`}
            onChange={(e) => setDays(e.target.value)}
          />
          <p id="rule-days-hint" className="hint">
            {t('admin.retention.olderThanDaysHint')}
          </p>
          {errors.olderThanDays && (
            <p id="rule-days-error" className="field-error">
              {errors.olderThanDays}
            </p>
          )}
        </div>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? t('admin.form.saving') : t('admin.retention.addRule')}
        </button>
        <StatusMessage>{status}</StatusMessage>
      </form>
    </section>
  );
}

function HoldForm({ rules }: { rules: RetentionRule[] }) {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const [on, setOn] = useState<'person' | 'rule'>('person');
  const [email, setEmail] = useState('');
  const [ruleId, setRuleId] = useState('');
  const [reason, setReason] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string>();
  const create = useMutation({
    mutationFn: () =>
      createLegalHold(token, {
        reason: reason.trim(),
        // The hold lasts through the whole of its last day.
        endsAt: `${endsOn}T23:59:59Z`,
        ...(on === 'person' ? { agent: { mbox: `mailto:${email.trim()}` } } : { ruleId }),
      }),
    onSuccess: () => {
      setEmail('');
      setRuleId('');
      setReason('');
      setEndsOn('');
      setStatus(t('admin.retention.holdPlaced'));
      void queries.invalidateQueries({ queryKey: HOLDS });
    },
    onError: (err) => {
      const server = serverFieldErrors(err);
      const agent = errorUnder(server, 'agent');
      setErrors({ ...server, ...(agent && { agent }) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (on === 'person' && !email.trim()) {
      found.agent = `${t('admin.retention.holdEmail')}: ${t('admin.form.required')}`;
    }
    if (on === 'rule' && !ruleId) {
      found.ruleId = `${t('admin.retention.holdRule')}: ${t('admin.form.required')}`;
    }
    if (!reason.trim()) found.reason = `${t('admin.retention.reason')}: ${t('admin.form.required')}`;
    if (!endsOn) found.endsAt = `${t('admin.retention.endsOn')}: ${t('admin.form.required')}`;
    setErrors(found);
    setStatus(undefined);
    create.reset();
    if (Object.keys(found).length === 0) create.mutate();
  };
  return (
    <section aria-labelledby="place-hold">
      <h2 id="place-hold">{t('admin.retention.placeHoldHeading')}</h2>
      <form onSubmit={submit} noValidate className="panel">
        <ErrorSummary errors={errors} failure={create.isError ? failureText(create.error, t) : undefined} />
        <fieldset className="checks">
          <legend>{t('admin.retention.holdOn')}</legend>
          {(['person', 'rule'] as const).map((k) => (
            <div key={k} className="check">
              <input
                type="radio"
                id={`hold-on-${k}`}
                name="hold-on"
                checked={on === k}
                onChange={() => setOn(k)}
              />
              <label htmlFor={`hold-on-${k}`}>{t(`admin.retention.holdKind.${k}`)}</label>
            </div>
          ))}
        </fieldset>
        {on === 'person' ? (
          <TextField
            id="hold-email"
            label={t('admin.retention.holdEmail')}
            hint={t('admin.retention.holdEmailHint')}
            value={email}
            onChange={setEmail}
            error={errors.agent}
            autoComplete="off"
            spellCheck={false}
          />
        ) : (
          <div className="field">
            <label htmlFor="hold-rule">{t('admin.retention.holdRule')}</label>
            <select
              id="hold-rule"
              value={ruleId}
              aria-invalid={errors.ruleId ? true : undefined}
              aria-describedby={errors.ruleId ? 'hold-rule-error' : undefined}
              onChange={(e) => setRuleId(e.target.value)}
            >
              <option value="">{t('admin.retention.chooseRule')}</option>
              {rules.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
            {errors.ruleId && (
              <p id="hold-rule-error" className="field-error">
                {errors.ruleId}
              </p>
            )}
          </div>
        )}
        <TextField
          id="hold-reason"
          label={t('admin.retention.reason')}
          hint={t('admin.retention.reasonHint')}
          value={reason}
          onChange={setReason}
          error={errors.reason}
          multiline
        />
        <div className="field">
          <label htmlFor="hold-ends">{t('admin.retention.endsOn')}</label>
          <input
            id="hold-ends"
            name="hold-ends"
            type="date"
            value={endsOn}
            aria-invalid={errors.endsAt ? true : undefined}
            aria-describedby={`hold-ends-hint${errors.endsAt ? ' hold-ends-error' : ''}`}
            onChange={(e) => setEndsOn(e.target.value)}
          />
          <p id="hold-ends-hint" className="hint">
            {t('admin.retention.endsOnHint')}
          </p>
          {errors.endsAt && (
            <p id="hold-ends-error" className="field-error">
              {errors.endsAt}
            </p>
          )}
        </div>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? t('admin.form.saving') : t('admin.retention.placeHold')}
        </button>
        <StatusMessage>{status}</StatusMessage>
      </form>
    </section>
  );
}

function DryRun() {
  const { t } = useTranslation();
  const token = useToken();
  const [report, setReport] = useState<RetentionReport>();
  const run = useMutation({ mutationFn: () => retentionDryRun(token), onSuccess: setReport });
  const n = numbers();
  return (
    <section aria-labelledby="dry-run">
      <h2 id="dry-run">{t('admin.retention.dryRunHeading')}</h2>
      <p>{t('admin.retention.dryRunIntro')}</p>
      <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>
        {run.isPending ? t('admin.retention.dryRunning') : t('admin.retention.dryRun')}
      </button>
      {run.isError && (
        <p role="alert" className="error">
          {failureText(run.error, t)}
        </p>
      )}
      <StatusMessage>
        {report && t('admin.retention.dryRunTotal', { count: report.total, total: n.format(report.total) })}
      </StatusMessage>
      {report && report.rules.length > 0 && (
        <Table
          caption={t('admin.retention.dryRunCaption')}
          columns={[
            t('admin.retention.name'),
            { label: t('admin.retention.wouldRemove'), className: 'num' },
            { label: t('admin.retention.keptByHold'), className: 'num' },
          ]}
        >
          {report.rules.map((r) => (
            <tr key={r.ruleId}>
              <th scope="row">{r.name}</th>
              <td className="num">{n.format(r.statements)}</td>
              <td className="num">{n.format(r.held)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function criteria(rule: RetentionRule, t: TFunction): string {
  const parts = [
    rule.verb && t('admin.retention.criterion.verb', { verb: rule.verb }),
    rule.activityPrefix && t('admin.retention.criterion.prefix', { prefix: rule.activityPrefix }),
    rule.registration && t('admin.retention.criterion.registration', { registration: rule.registration }),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : t('admin.retention.criterion.all');
}

export function RetentionPage() {
  const { t } = useTranslation();
  const token = useToken();
  const queries = useQueryClient();
  const rules = useQuery({ queryKey: RULES, queryFn: () => listRetentionRules(token) });
  const holds = useQuery({ queryKey: HOLDS, queryFn: () => listLegalHolds(token) });
  const [removing, setRemoving] = useState<RetentionRule>();
  const [releasing, setReleasing] = useState<LegalHold>();
  const [status, setStatus] = useState<string>();
  const remove = useMutation({
    mutationFn: (r: RetentionRule) => deleteRetentionRule(token, r.id),
    onSuccess: (r) => {
      setRemoving(undefined);
      setStatus(t('admin.retention.ruleRemoved', { name: r.name }));
      void queries.invalidateQueries({ queryKey: RULES });
    },
  });
  const release = useMutation({
    mutationFn: (h: LegalHold) => releaseLegalHold(token, h.id),
    onSuccess: () => {
      setReleasing(undefined);
      setStatus(t('admin.retention.holdReleased'));
      void queries.invalidateQueries({ queryKey: HOLDS });
    },
  });
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium' });
  const n = numbers();
  const ruleName = (id: string | null) =>
    rules.data?.find((r) => r.id === id)?.name ?? t('admin.retention.removedRule');

  return (
    <>
      <PageTitle>{t('admin.retention.title')}</PageTitle>
      <p>{t('admin.retention.intro')}</p>
      <StatusMessage>{status}</StatusMessage>
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t('admin.retention.rulesHeading')}</h2>
        <QueryStatus query={rules} empty={rules.data?.length === 0 && t('admin.retention.noRules')} />
        {rules.data && rules.data.length > 0 && (
          <Table
            caption={t('admin.retention.rulesCaption')}
            columns={[
              t('admin.retention.name'),
              t('admin.retention.covers'),
              { label: t('admin.retention.olderThanDays'), className: 'num' },
              t('admin.credentials.actions'),
            ]}
          >
            {rules.data.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>{criteria(r, t)}</td>
                <td className="num">{n.format(r.olderThanDays)}</td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    aria-label={t('admin.retention.removeNamed', { name: r.name })}
                    onClick={() => {
                      remove.reset();
                      setRemoving(r);
                    }}
                  >
                    {t('admin.retention.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      <RuleForm />
      <DryRun />
      <section aria-labelledby="holds-heading">
        <h2 id="holds-heading">{t('admin.retention.holdsHeading')}</h2>
        <p>{t('admin.retention.holdsIntro')}</p>
        <QueryStatus query={holds} empty={holds.data?.length === 0 && t('admin.retention.noHolds')} />
        {holds.data && holds.data.length > 0 && (
          <Table
            caption={t('admin.retention.holdsCaption')}
            columns={[
              t('admin.retention.holdOn'),
              t('admin.retention.reason'),
              t('admin.retention.ends'),
              t('admin.credentials.status'),
              t('admin.credentials.actions'),
            ]}
          >
            {holds.data.map((h) => (
              <tr key={h.id}>
                <th scope="row">
                  {h.kind === 'rule'
                    ? t('admin.retention.holdOnRule', { name: ruleName(h.ruleId) })
                    : t('admin.retention.holdOnPerson', { hash: h.agentIfiHash?.slice(0, 12) ?? '' })}
                </th>
                <td>{h.reason}</td>
                <td>{date.format(new Date(h.endsAt))}</td>
                <td className={h.active ? 'allowed' : 'denied'}>
                  {h.active ? t('admin.retention.inForce') : t('admin.retention.ended')}
                </td>
                <td>
                  {h.active && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        release.reset();
                        setReleasing(h);
                      }}
                    >
                      {t('admin.retention.release')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      <HoldForm rules={rules.data ?? []} />
      {removing && (
        <ConfirmDialog
          title={t('admin.retention.confirmRemoveTitle', { name: removing.name })}
          consequence={<p>{t('admin.retention.confirmRemoveBody')}</p>}
          confirmLabel={t('admin.retention.confirmRemove')}
          busy={remove.isPending}
          error={remove.isError ? failureText(remove.error, t) : undefined}
          onConfirm={() => remove.mutate(removing)}
          onCancel={() => setRemoving(undefined)}
          focusCancel
        />
      )}
      {releasing && (
        <ConfirmDialog
          title={t('admin.retention.confirmReleaseTitle')}
          consequence={<p>{t('admin.retention.confirmReleaseBody')}</p>}
          confirmLabel={t('admin.retention.confirmRelease')}
          destructive
          busy={release.isPending}
          error={release.isError ? failureText(release.error, t) : undefined}
          onConfirm={() => release.mutate(releasing)}
          onCancel={() => setReleasing(undefined)}
        />
      )}
    </>
  );
}
