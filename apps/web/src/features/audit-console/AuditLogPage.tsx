// The audit log for auditors (GET /api/v1/audit/records): every filter the API has, paging with its cursor, and
// the export (GET /api/v1/audit/export) saved as a CSV or NDJSON file. The filters live in the address, so a
// chart or the integrity page can link to the records behind a figure, and a filtered view can be bookmarked.
import './audit-console.css';

import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { ApiError, cursorOf } from '../../api/client';
import { formatLocale } from '../../i18n';
import { PageTitle } from '../../pages/PageTitle';
import { QueryStatus } from '../../pages/QueryError';
import { useSession } from '../../session/session';
import { saveFile } from '../../utils/download';
import { type AuditRecord, auditExport, auditRecords, type ExportFormat } from './api';
import { type AuditFilterFields, NO_FILTER, problemOf, toQuery } from './filter';
import { basisText, kindLabel } from './words';
import { DateRangeFields } from '../../components/DateRangeFields';
import { Table } from '../../components/Table';

/** The actions docs/audit.md lists, offered as suggestions; any other can be typed. */
const ACTIONS = [
  'statements.read',
  'statements.forward',
  'statements.write',
  'documents.read',
  'documents.write',
  'documents.delete',
  'agents.read',
  'activities.read',
  'export',
  'explain',
  'access-log.read',
  'audit.read',
  'audit.export',
  'audit.stats',
  'audit.verify',
  'audit.checkpoint',
  'audit.checkpoints.read',
  'audit.public-key.read',
  'audit.prune',
  'person.create',
  'person.update',
  'agent.link',
  'agent.unlink',
  'group.create',
  'group.members.set',
  'credential.create',
  'credential.revoke',
  'policy.create',
  'policy.update',
  'grant.create',
  'grant.revoke',
  'objection.create',
  'objection.withdraw',
  'login.failure',
  'login.unlock',
  'principal.refused',
];

const FIELD_NAMES = Object.keys(NO_FILTER) as (keyof AuditFilterFields)[];

function fieldsOf(params: URLSearchParams): AuditFilterFields {
  const fields = { ...NO_FILTER };
  for (const name of FIELD_NAMES) {
    const value = params.get(name);
    if (value === null) continue;
    if (name === 'outcome') fields.outcome = value === 'allow' || value === 'deny' ? value : '';
    else fields[name] = value;
  }
  return fields;
}

function paramsOf(fields: AuditFilterFields): Record<string, string> {
  return Object.fromEntries(
    FIELD_NAMES.filter((n) => fields[n].trim() !== '').map((n) => [n, fields[n].trim()]),
  );
}

function AuditFilterForm(props: { applied: AuditFilterFields; onApply: (f: AuditFilterFields) => void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState(props.applied);
  const [problem, setProblem] = useState(false);
  const set = (name: keyof AuditFilterFields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [name]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wrong = problemOf(fields) !== undefined;
    setProblem(wrong);
    if (!wrong) props.onApply(fields);
  };
  const text = (name: 'principal' | 'person' | 'policy' | 'grant' | 'learner' | 'action', hint?: string) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{t(`auditor.log.filter.${name}`)}</label>
      <input
        id={`audit-${name}`}
        value={fields[name]}
        onChange={set(name)}
        autoComplete="off"
        spellCheck={false}
        {...(name === 'action' && { list: 'audit-actions' })}
        {...(hint && { 'aria-describedby': `audit-${name}-hint` })}
      />
      {hint && (
        <p className="hint" id={`audit-${name}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
  return (
    <form className="filters audit-filters" aria-label={t('auditor.log.filter.legend')} onSubmit={submit}>
      <DateRangeFields
        idPrefix="audit"
        labels={{ from: t('auditor.log.filter.from'), to: t('auditor.log.filter.to') }}
        value={fields}
        onChange={(range) => setFields({ ...fields, ...range })}
      />
      <div className="field">
        <label htmlFor="audit-outcome">{t('auditor.log.filter.outcome')}</label>
        <select id="audit-outcome" value={fields.outcome} onChange={set('outcome')}>
          <option value="">{t('auditor.log.filter.any')}</option>
          <option value="allow">{t('auditor.log.filter.allow')}</option>
          <option value="deny">{t('auditor.log.filter.deny')}</option>
        </select>
      </div>
      {text('action', t('auditor.log.filter.actionHint'))}
      <datalist id="audit-actions">
        {ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      {text('principal')}
      {text('learner', t('auditor.log.filter.learnerHint'))}
      {text('person', t('auditor.log.filter.personHint'))}
      {text('policy')}
      {text('grant')}
      <div className="actions">
        <button type="submit">{t('auditor.log.filter.apply')}</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setFields(NO_FILTER);
            setProblem(false);
            props.onApply(NO_FILTER);
          }}
        >
          {t('auditor.log.filter.clear')}
        </button>
      </div>
      {problem && (
        <p role="alert" className="error">
          {t('auditor.log.filter.learnerAndPerson')}
        </p>
      )}
    </form>
  );
}

type DownloadState =
  { state: 'idle' } | { state: 'busy' } | { state: 'done'; filename: string } | { state: 'failed' };

function ExportButtons({ applied }: { applied: AuditFilterFields }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [download, setDownload] = useState<DownloadState>({ state: 'idle' });
  const run = async (format: ExportFormat) => {
    if (!session) return;
    setDownload({ state: 'busy' });
    try {
      const file = await auditExport(session.token, toQuery(applied), format);
      saveFile(file.filename, file.blob);
      setDownload({ state: 'done', filename: file.filename });
    } catch {
      setDownload({ state: 'failed' });
    }
  };
  const busy = download.state === 'busy';
  return (
    <section className="audit-download" aria-labelledby="audit-download-title">
      <h2 id="audit-download-title">{t('auditor.log.download.title')}</h2>
      <p>{t('auditor.log.download.intro')}</p>
      <div className="actions">
        <button type="button" onClick={() => void run('csv')} disabled={busy}>
          {t('auditor.log.download.csv')}
        </button>
        <button type="button" onClick={() => void run('ndjson')} disabled={busy}>
          {t('auditor.log.download.ndjson')}
        </button>
      </div>
      <p role="status" className={download.state === 'failed' ? 'error' : 'count'}>
        {download.state === 'busy' && t('auditor.log.download.busy')}
        {download.state === 'done' && t('auditor.log.download.done', { filename: download.filename })}
        {download.state === 'failed' && t('auditor.log.download.failed')}
      </p>
    </section>
  );
}

function RecordRow({ record, when }: { record: AuditRecord; when: Intl.DateTimeFormat }) {
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(formatLocale());
  const allowed = record.decision === 'allow';
  return (
    <tr className={allowed ? undefined : 'denied-row'}>
      <td className="num">{number.format(Number(record.seq))}</td>
      <td>
        <time dateTime={record.at}>{when.format(new Date(record.at))}</time>
      </td>
      <td>
        {kindLabel(record.principalKind, t)}
        <br />
        <code className="id">{record.principalId}</code>
      </td>
      <td>
        <code>{record.action}</code>
      </td>
      <td>{record.resource ? <code>{record.resource}</code> : '—'}</td>
      <td className={allowed ? 'allowed' : 'denied'}>
        {allowed ? t('auditor.log.allowed') : t('auditor.log.denied')}
        {record.reason && (
          // The server's reason is in English, whatever the page's language.
          <span className="reason" lang="en">
            {record.reason}
          </span>
        )}
      </td>
      <td className="num">{number.format(record.count)}</td>
      <td>{basisText(record.basis, t)}</td>
    </tr>
  );
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [search, setSearch] = useSearchParams();
  const applied = fieldsOf(search);
  const token = session?.token ?? '';
  const valid = problemOf(applied) === undefined;
  const query = useInfiniteQuery({
    queryKey: ['audit-records', session?.personId, paramsOf(applied)],
    queryFn: ({ pageParam }) => auditRecords(token, toQuery(applied), pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => cursorOf(page.next),
    enabled: !!session && valid,
  });
  const records = query.data?.pages.flatMap((p) => p.records) ?? [];
  const when = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
  const refused = query.error instanceof ApiError && query.error.status === 400;

  return (
    <>
      <PageTitle>{t('auditor.log.title')}</PageTitle>
      <p>{t('auditor.log.intro')}</p>
      {/* A new filter starts a fresh form from the address, e.g. after following a chart's link. */}
      <AuditFilterForm key={search.toString()} applied={applied} onApply={(f) => setSearch(paramsOf(f))} />
      <ExportButtons applied={applied} />
      {refused && (
        <p role="alert" className="error">
          {t('auditor.log.refused')} <q lang="en">{query.error?.message}</q>
        </p>
      )}
      <QueryStatus
        query={{ isPending: query.isPending && valid, error: refused ? null : query.error }}
        empty={query.isSuccess && records.length === 0 && t('auditor.log.empty')}
      />
      {records.length > 0 && (
        <>
          <p role="status" className="count">
            {t('auditor.log.count', { count: records.length })}
          </p>
          <Table
            caption={t('auditor.log.caption')}
            columns={[
              t('auditor.log.column.seq'),
              t('auditor.log.column.when'),
              t('auditor.log.column.who'),
              t('auditor.log.column.action'),
              t('auditor.log.column.resource'),
              t('auditor.log.column.outcome'),
              t('auditor.log.column.items'),
              t('auditor.log.column.basis'),
            ]}
            className="audit-records"
          >
            {records.map((r) => (
              <RecordRow key={r.seq} record={r} when={when} />
            ))}
          </Table>
        </>
      )}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t('app.loading') : t('auditor.log.more')}
        </button>
      )}
    </>
  );
}
