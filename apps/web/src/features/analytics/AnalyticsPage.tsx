// Administration → Analytics (docs/flows.md "Analytics that protect individuals"): an admin picks a measure, up to
// two groupings and a range of months; the answer is drawn as bars (plain SVG) and listed in a table. A suppressed
// cell — fewer than k learners, or kept back so that it cannot be worked out from the others — is drawn as an
// outlined, hatched bar labelled as suppressed, and carries no value anywhere on the page.
import './analytics.css';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useToken } from '../../admin/useToken';
import { Table } from '../../components/Table';
import { formatLocale } from '../../i18n';
import { PageTitle } from '../../pages/PageTitle';
import { QueryError } from '../../pages/QueryError';
import {
  type AnalyticsAsk,
  type AnalyticsCell,
  type AnalyticsResult,
  DIMENSIONS,
  type Dimension,
  INTERVALS,
  type Interval,
  MEASURES,
  type Measure,
  runAnalytics,
} from './api';

const thisMonth = () => new Date().toISOString().slice(0, 7);
const monthsAgo = (n: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
};

/** The figure a bar shows for a measure: statements, a rate (0–1), or learners per score bucket. */
const barValue = (measure: Measure, c: AnalyticsCell): number | undefined =>
  measure === 'statements' ? c.statements : measure === 'scores' ? c.learners : c.rate;

const labelOf = (c: AnalyticsCell): string =>
  Object.values(c.key)
    .map((v) => (v === '' ? '—' : v))
    .join(' · ') || '—';

function Bars({ result }: { result: AnalyticsResult }) {
  const { t } = useTranslation();
  const measure = result.query.measure;
  const number = new Intl.NumberFormat(
    formatLocale(),
    measure === 'completion' || measure === 'success' ? { style: 'percent' } : {},
  );
  const rows = result.cells.slice(0, 60);
  const max = Math.max(1e-9, ...rows.map((c) => barValue(measure, c) ?? 0));
  const labelWidth = 260;
  const width = 720;
  const bar = width - labelWidth - 80;
  const rowHeight = 26;
  return (
    <figure className="analytics-figure">
      <svg
        role="img"
        aria-labelledby="analytics-figure-caption"
        viewBox={`0 0 ${width} ${rows.length * rowHeight + 8}`}
        width="100%"
      >
        <defs>
          <pattern
            id="suppressed-hatch"
            width="8"
            height="8"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <line x1="0" y1="0" x2="0" y2="8" stroke="currentColor" strokeWidth="2" opacity="0.35" />
          </pattern>
        </defs>
        {rows.map((c, i) => {
          const y = i * rowHeight + 4;
          const label = labelOf(c);
          const value = barValue(measure, c);
          return (
            <g key={JSON.stringify(c.key)}>
              <title>
                {c.suppressed
                  ? `${label}: ${t('analytics.suppressed')}`
                  : `${label}: ${number.format(value ?? 0)}`}
              </title>
              <text x={labelWidth - 8} y={y + 17} textAnchor="end" fontSize="12">
                {label.length > 34 ? `…${label.slice(-33)}` : label}
              </text>
              {c.suppressed ? (
                <>
                  <rect
                    x={labelWidth}
                    y={y + 3}
                    width={bar}
                    height={rowHeight - 8}
                    fill="url(#suppressed-hatch)"
                    stroke="currentColor"
                    strokeDasharray="4 3"
                    opacity="0.6"
                  />
                  <text x={labelWidth + 8} y={y + 17} fontSize="12" fontStyle="italic">
                    {t('analytics.suppressed')}
                  </text>
                </>
              ) : (
                <>
                  <rect
                    x={labelWidth}
                    y={y + 3}
                    width={Math.max(1, ((value ?? 0) / max) * bar)}
                    height={rowHeight - 8}
                    fill="#2f6f8f"
                  />
                  <text x={labelWidth + Math.max(1, ((value ?? 0) / max) * bar) + 6} y={y + 17} fontSize="12">
                    {number.format(value ?? 0)}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption id="analytics-figure-caption">
        {t(`analytics.figure.${measure}`)}
        {result.cells.length > rows.length && ` ${t('analytics.figure.firstRows', { count: rows.length })}`}
      </figcaption>
    </figure>
  );
}

function ResultView({ result }: { result: AnalyticsResult }) {
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(formatLocale());
  const percent = new Intl.NumberFormat(formatLocale(), { style: 'percent', maximumFractionDigits: 1 });
  const rated = result.query.measure === 'completion' || result.query.measure === 'success';
  const dims = [...result.query.groupBy, ...(result.query.measure === 'scores' ? ['score'] : [])];
  const cellRow = (c: AnalyticsCell, label?: string) => (
    <tr key={label ?? JSON.stringify(c.key)}>
      {label !== undefined ? (
        <th scope="row" colSpan={Math.max(1, dims.length)}>
          {label}
        </th>
      ) : (
        dims.map((d) => <td key={d}>{c.key[d] || '—'}</td>)
      )}
      {c.suppressed ? (
        <td colSpan={rated ? 4 : 2}>
          <em>{t(`analytics.reason.${c.reason ?? 'fewer-than-k'}`, { k: result.k })}</em>
        </td>
      ) : (
        <>
          <td className="num">{number.format(c.learners ?? 0)}</td>
          <td className="num">{number.format(c.statements ?? 0)}</td>
          {rated && <td className="num">{number.format(c.positive ?? 0)}</td>}
          {rated && <td className="num">{percent.format(c.rate ?? 0)}</td>}
        </>
      )}
    </tr>
  );
  return (
    <section aria-labelledby="analytics-answer">
      <h2 id="analytics-answer">{t('analytics.answer')}</h2>
      <p>
        {result.policies.length === 0
          ? t('analytics.noPolicy')
          : t('analytics.counted', { count: result.policies.length, k: result.k })}{' '}
        {result.noise
          ? t('analytics.noise', { epsilon: result.noise.epsilon, remaining: result.noise.remaining })
          : t('analytics.exact')}
      </p>
      {result.cells.length > 0 && <Bars result={result} />}
      <Table
        caption={t('analytics.tableCaption')}
        columns={[
          ...(dims.length > 0
            ? dims.map((d) => t(`analytics.dimension.${d as Dimension | 'score'}`))
            : [t('analytics.group')]),
          { label: t('analytics.learners'), className: 'num' },
          { label: t('analytics.statements'), className: 'num' },
          ...(rated
            ? [
                {
                  label: t(`analytics.positive.${result.query.measure as 'completion' | 'success'}`),
                  className: 'num',
                },
                { label: t('analytics.rate'), className: 'num' },
              ]
            : []),
        ]}
      >
        {result.cells.map((c) => cellRow(c))}
        {cellRow(result.total, t('analytics.total'))}
      </Table>
    </section>
  );
}

export function AnalyticsPage() {
  const { t } = useTranslation();
  const token = useToken();
  const [measure, setMeasure] = useState<Measure>('statements');
  const [first, setFirst] = useState<Dimension | ''>('activity');
  const [second, setSecond] = useState<Dimension | ''>('');
  const [interval, setInterval] = useState<Interval>('month');
  const [from, setFrom] = useState(monthsAgo(11));
  const [to, setTo] = useState(thisMonth());
  const run = useMutation({ mutationFn: (ask: AnalyticsAsk) => runAnalytics(token, ask) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const groupBy = [first, second].filter((d): d is Dimension => d !== '');
    run.mutate({ measure, groupBy: [...new Set(groupBy)], interval, from, to });
  };
  const dimensionOptions = (
    <>
      <option value="">{t('analytics.none')}</option>
      {DIMENSIONS.map((d) => (
        <option key={d} value={d}>
          {t(`analytics.dimension.${d}`)}
        </option>
      ))}
    </>
  );
  return (
    <>
      <PageTitle>{t('analytics.title')}</PageTitle>
      <p>{t('analytics.intro')}</p>
      <form onSubmit={submit} className="analytics-form">
        <label>
          {t('analytics.measure')}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`analytics.measures.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.groupBy')}
          <select value={first} onChange={(e) => setFirst(e.target.value as Dimension | '')}>
            {dimensionOptions}
          </select>
        </label>
        <label>
          {t('analytics.thenBy')}
          <select value={second} onChange={(e) => setSecond(e.target.value as Dimension | '')}>
            {dimensionOptions}
          </select>
        </label>
        <label>
          {t('analytics.interval')}
          <select value={interval} onChange={(e) => setInterval(e.target.value as Interval)}>
            {INTERVALS.map((i) => (
              <option key={i} value={i}>
                {t(`analytics.intervals.${i}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.from')}
          <input type="month" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          {t('analytics.to')}
          <input type="month" value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <button type="submit" disabled={run.isPending}>
          {run.isPending ? t('analytics.running') : t('analytics.run')}
        </button>
      </form>
      <p className="hint">{t('analytics.howProtected')}</p>
      {run.error && (run.error as { status?: number }).status === 429 ? (
        <p role="alert" className="error">
          {t('analytics.budgetSpent')}
        </p>
      ) : run.error && (run.error as { status?: number }).status === 400 ? (
        <p role="alert" className="error">
          {t('analytics.refused', { message: run.error.message })}
        </p>
      ) : (
        run.error && <QueryError error={run.error} />
      )}
      {run.data && <ResultView result={run.data} />}
    </>
  );
}
