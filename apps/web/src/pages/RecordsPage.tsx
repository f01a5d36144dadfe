// My records: the statements about the signed-in learner, as sentences, newest first.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';

import { myStatements, type Statement, type StatementFilter } from '../api/xapi';
import { LazyBarChart } from '../charts/lazy';
import { bin, unitFor } from '../charts/bins';
import { currentLanguage, formatLocale } from '../i18n';
import { sentenceParts } from '../records/sentence';
import { useSession } from '../session/session';
import { DateRangeFields } from '../components/DateRangeFields';
import { PageTitle } from './PageTitle';
import { QueryStatus } from './QueryError';

function StatementSentence({ statement }: { statement: Statement }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const locale = formatLocale(language);
  const parts = sentenceParts(statement, language, locale);
  const activity =
    parts.activity ??
    t(
      parts.objectKind === 'agent'
        ? 'records.someone'
        : parts.objectKind === 'statement'
          ? 'records.anotherRecord'
          : 'records.unnamedActivity',
    );
  const what = (
    <Trans
      i18nKey={`records.verb.${parts.verbKey}`}
      values={{ activity, verb: parts.verb }}
      components={{ act: <cite /> }}
    />
  );
  return (
    <>
      {what}
      {parts.date && (
        <>
          {' '}
          <Trans
            i18nKey="records.when"
            values={{ date: parts.date }}
            components={{
              time: <time dateTime={parts.at} title={new Date(parts.at ?? '').toLocaleString(locale)} />,
            }}
          />
        </>
      )}
      {parts.score &&
        t(parts.scoreKind === 'percent' ? 'records.scorePercent' : 'records.scorePoints', {
          score: parts.score,
        })}
    </>
  );
}

interface FilterFields {
  activity: string;
  /** yyyy-mm-dd from the date inputs, in the browser's time zone; '' for none. */
  from: string;
  to: string;
}
const NO_FILTER: FilterFields = { activity: '', from: '', to: '' };

function statementFilter(fields: FilterFields): StatementFilter {
  const startOf = (day: string) => new Date(`${day}T00:00:00`);
  const dayAfter = (day: string) => {
    const d = startOf(day);
    d.setDate(d.getDate() + 1);
    return d;
  };
  return {
    activity: fields.activity || undefined,
    since: fields.from ? startOf(fields.from).toISOString() : undefined,
    until: fields.to ? dayAfter(fields.to).toISOString() : undefined,
  };
}

/** Narrow by activity or course (those in the records shown, and the chosen one) and by dates. */
function RecordsFilter(props: {
  filter: FilterFields;
  onChange: (f: FilterFields) => void;
  statements: Statement[];
}) {
  const { t } = useTranslation();
  const { filter, onChange } = props;
  const language = currentLanguage();
  const activities = new Map<string, string>();
  for (const s of props.statements) {
    const parts = sentenceParts(s, language, formatLocale(language));
    if (parts.objectKind === 'activity' && s.object.id) {
      activities.set(s.object.id, parts.activity ?? s.object.id);
    }
  }
  if (filter.activity && !activities.has(filter.activity)) activities.set(filter.activity, filter.activity);
  return (
    <form className="filters" aria-label={t('records.filter.legend')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="filter-activity">{t('records.filter.activity')}</label>
        <select
          id="filter-activity"
          value={filter.activity}
          onChange={(e) => onChange({ ...filter, activity: e.target.value })}
        >
          <option value="">{t('records.filter.all')}</option>
          {[...activities].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <DateRangeFields
        idPrefix="filter"
        labels={{ from: t('records.filter.from'), to: t('records.filter.to') }}
        value={filter}
        onChange={(range) => onChange({ ...filter, ...range })}
      />
      {filter !== NO_FILTER && (
        <button type="button" className="secondary" onClick={() => onChange(NO_FILTER)}>
          {t('records.filter.clear')}
        </button>
      )}
    </form>
  );
}

/** When each shown record happened (its timestamp, else when Custos received it), per day, week or month. */
function ActivityTimeline({ statements }: { statements: Statement[] }) {
  const { t } = useTranslation();
  const dates = statements.flatMap((s) => {
    const at = s.timestamp ?? s.stored;
    return at ? [new Date(at)] : [];
  });
  const unit = unitFor(dates);
  const bins = bin(dates, unit);
  if (bins.length === 0) return null;
  return (
    <LazyBarChart
      title={t('learnerCharts.activityTitle')}
      note={t('learnerCharts.activityNote')}
      bins={bins}
      unit={unit}
      valueLabel={t('learnerCharts.records')}
    />
  );
}

export function RecordsPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const token = session?.token ?? '';
  const [filter, setFilter] = useState<FilterFields>(NO_FILTER);
  const query = useInfiniteQuery({
    queryKey: ['my-statements', session?.personId, filter],
    queryFn: ({ pageParam }) => myStatements(token, statementFilter(filter), pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.more || undefined,
    enabled: !!session,
  });
  const statements = query.data?.pages.flatMap((p) => p.statements) ?? [];

  return (
    <>
      <PageTitle>{t('records.title')}</PageTitle>
      <p>{t('records.intro')}</p>
      <RecordsFilter filter={filter} onChange={setFilter} statements={statements} />
      <QueryStatus
        query={query}
        empty={
          query.isSuccess &&
          statements.length === 0 &&
          t(filter === NO_FILTER ? 'records.empty' : 'records.filter.none')
        }
      />
      {statements.length > 0 && (
        <>
          <p role="status" className="count">
            {t('records.count', { count: statements.length })}
          </p>
          <ActivityTimeline statements={statements} />
          <ol className="records">
            {statements.map((s) => (
              <li key={s.id}>
                <StatementSentence statement={s} />
              </li>
            ))}
          </ol>
        </>
      )}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t('app.loading') : t('records.more')}
        </button>
      )}
    </>
  );
}
