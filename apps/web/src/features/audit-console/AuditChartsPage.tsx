// Patterns in the audit log (GET /api/v1/audit/stats), drawn so that an unusual one is seen, not read: accesses
// per principal (allowed and refused), refusals per day and reads per institution policy. Each chart has its text
// alternative: a summary for screen readers, the standout figure in a sentence, and the figures as a table, whose
// rows link to the records behind them.
import './audit-console.css';

import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { CountBarsProps } from '../../charts/CountBars';
import { LazyCountBars } from '../../charts/lazy';
import { DateRangeFields } from '../../components/DateRangeFields';
import { type Column, Table } from '../../components/Table';
import { formatLocale } from '../../i18n';
import { PageTitle } from '../../pages/PageTitle';
import { QueryStatus } from '../../pages/QueryError';
import { useSession } from '../../session/session';
import { type AuditStats, auditStats } from './api';
import { NO_FILTER, toQuery } from './filter';
import { filledDays, topPrincipals } from './stats';
import { kindLabel, shortId } from './words';

// At least 3:1 against white and against each other's neighbours (WCAG 1.4.11), as the page's own colours.
const ALLOWED = '#0b5cad';
const REFUSED = '#a4262c';
const READS = '#1d6b36';
const TOP = 12;

/** A chart's section with only its heading and why there is nothing to draw. */
function EmptySection({ title, text }: { title: string; text: string }) {
  const id = useId();
  return (
    <section className="chart-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p>{text}</p>
    </section>
  );
}

/** A chart with its words: the summary (the drawing's name), the standout figure, the figures as a table. */
function ChartSection(props: {
  title: string;
  summary: string;
  highlight?: string;
  chart: CountBarsProps;
  columns: Column[];
  /** The table's rows, each linking to the records behind it. */
  rows: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="chart-section" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      <figure>
        {/* The drawing is one image to assistive technology; its words are the summary and the table. */}
        <div className="chart" role="img" aria-label={props.summary}>
          <LazyCountBars {...props.chart} />
        </div>
        {props.highlight && <figcaption>{props.highlight}</figcaption>}
      </figure>
      <details>
        <summary>{t('auditor.charts.table')}</summary>
        <Table caption={props.title} columns={props.columns}>
          {props.rows}
        </Table>
      </details>
    </section>
  );
}

function Principals({ stats }: { stats: AuditStats }) {
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(formatLocale());
  if (stats.principals.length === 0) {
    return (
      <EmptySection
        title={t('auditor.charts.principals.title')}
        text={t('auditor.charts.principals.empty')}
      />
    );
  }
  // A learner (or Custos itself) has no name: its id's start and its kind tell it apart on the axis.
  const label = (p: AuditStats['principals'][number]) =>
    p.name ??
    t('auditor.charts.principals.unnamed', {
      id: shortId(p.principalId),
      kind: kindLabel(p.principalKind, t),
    });
  const top = topPrincipals(stats.principals, TOP).map((p) => ({ ...p, label: label(p) }));
  const mostDenied = [...stats.principals].sort((a, b) => b.deny - a.deny)[0];
  return (
    <ChartSection
      title={t('auditor.charts.principals.title')}
      summary={t('auditor.charts.principals.summary', { count: top.length })}
      highlight={
        mostDenied && mostDenied.deny > 0
          ? t('auditor.charts.principals.mostDenied', {
              name: label(mostDenied),
              count: number.format(mostDenied.deny),
            })
          : undefined
      }
      chart={{
        data: top,
        categoryKey: 'label',
        direction: 'across',
        categoryWidth: 180,
        bars: [
          { key: 'allow', name: t('auditor.charts.principals.allowed'), fill: ALLOWED, stackId: 'a' },
          { key: 'deny', name: t('auditor.charts.principals.denied'), fill: REFUSED, stackId: 'a' },
        ],
        legend: true,
        height: 60 + top.length * 36,
      }}
      columns={[
        t('auditor.charts.principals.who'),
        t('auditor.charts.principals.kind'),
        t('auditor.charts.principals.allowed'),
        t('auditor.charts.principals.denied'),
      ]}
      rows={topPrincipals(stats.principals, stats.principals.length).map((p) => (
        <tr key={`${p.principalId}-${p.principalKind ?? ''}`}>
          <th scope="row">
            <Link to={`/audit?${new URLSearchParams({ principal: p.principalId }).toString()}`}>
              {p.name ?? p.principalId}
            </Link>
          </th>
          <td>{kindLabel(p.principalKind, t)}</td>
          <td className="num">{number.format(p.allow)}</td>
          <td className="num">{number.format(p.deny)}</td>
        </tr>
      ))}
    />
  );
}

function Denials({ stats }: { stats: AuditStats }) {
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(formatLocale());
  // Days are calendar days in UTC (docs/audit.md), so they are written in UTC too.
  const dayFormat = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeZone: 'UTC' });
  const shortDay = new Intl.DateTimeFormat(formatLocale(), {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const dayOf = (day: string) => new Date(`${day}T00:00:00Z`);
  if (stats.denialsPerDay.length === 0) {
    return (
      <EmptySection title={t('auditor.charts.denials.title')} text={t('auditor.charts.denials.empty')} />
    );
  }
  const series = filledDays(stats.denialsPerDay).map((d) => ({ ...d, label: shortDay.format(dayOf(d.day)) }));
  const peak = [...stats.denialsPerDay].sort((a, b) => b.denials - a.denials)[0]!;
  return (
    <ChartSection
      title={t('auditor.charts.denials.title')}
      summary={t('auditor.charts.denials.summary', { count: series.length })}
      highlight={t('auditor.charts.denials.peak', {
        count: number.format(peak.denials),
        day: dayFormat.format(dayOf(peak.day)),
      })}
      chart={{
        data: series,
        categoryKey: 'label',
        direction: 'up',
        bars: [{ key: 'denials', name: t('auditor.charts.denials.denials'), fill: REFUSED }],
        height: 280,
      }}
      columns={[t('auditor.charts.denials.day'), t('auditor.charts.denials.denials')]}
      rows={stats.denialsPerDay.map((d) => (
        <tr key={d.day}>
          <th scope="row">
            <time dateTime={d.day}>{dayFormat.format(dayOf(d.day))}</time>
          </th>
          <td className="num">{number.format(d.denials)}</td>
        </tr>
      ))}
    />
  );
}

function Policies({ stats }: { stats: AuditStats }) {
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(formatLocale());
  if (stats.readsPerPolicy.length === 0) {
    return (
      <EmptySection title={t('auditor.charts.policies.title')} text={t('auditor.charts.policies.empty')} />
    );
  }
  const series = stats.readsPerPolicy.map((p) => ({ ...p, label: shortId(p.policyId) }));
  return (
    <ChartSection
      title={t('auditor.charts.policies.title')}
      summary={t('auditor.charts.policies.summary', { count: series.length })}
      chart={{
        data: series,
        categoryKey: 'label',
        direction: 'across',
        categoryWidth: 120,
        bars: [{ key: 'reads', name: t('auditor.charts.policies.reads'), fill: READS }],
        legend: true,
        height: 60 + series.length * 36,
      }}
      columns={[
        t('auditor.charts.policies.policy'),
        t('auditor.charts.policies.reads'),
        t('auditor.charts.policies.items'),
      ]}
      rows={stats.readsPerPolicy.map((p) => (
        <tr key={p.policyId}>
          <th scope="row">
            <Link to={`/audit?${new URLSearchParams({ policy: p.policyId }).toString()}`}>
              <code>{p.policyId}</code>
            </Link>
          </th>
          <td className="num">{number.format(p.reads)}</td>
          <td className="num">{number.format(p.items)}</td>
        </tr>
      ))}
    />
  );
}

export function AuditChartsPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [range, setRange] = useState({ from: '', to: '' });
  const { since, until } = toQuery({ ...NO_FILTER, ...range });
  const query = useQuery({
    queryKey: ['audit-stats', session?.personId, since, until],
    queryFn: () => auditStats(session?.token ?? '', { since, until }),
    enabled: !!session,
  });
  return (
    <>
      <PageTitle>{t('auditor.charts.title')}</PageTitle>
      <p>{t('auditor.charts.intro')}</p>
      <form className="filters" aria-label={t('auditor.charts.range')} onSubmit={(e) => e.preventDefault()}>
        <DateRangeFields
          idPrefix="stats"
          labels={{ from: t('auditor.charts.from'), to: t('auditor.charts.to') }}
          value={range}
          onChange={setRange}
        />
      </form>
      <QueryStatus query={query} />
      {query.data && (
        <>
          <p role="status" className="count">
            {t('auditor.charts.records', { count: query.data.records })}
          </p>
          <Principals stats={query.data} />
          <Denials stats={query.data} />
          <Policies stats={query.data} />
        </>
      )}
    </>
  );
}
