// A bar chart of counts per period (recharts, SVG) with its numbers as a table for screen readers:
// the drawing is hidden from assistive technology, the table is hidden from the eye. Recharts sets
// its few styles through React's style prop (the CSSOM), which the Content-Security-Policy allows;
// it writes no style attribute or <style> element of its own.
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { formatLocale } from '../i18n';
import type { Bin, Unit } from './bins';
import { Table } from '../components/Table';

// The page's --accent and --muted (styles.css): SVG presentation attributes take no CSS variables.
const BAR = '#0b5cad';
const TEXT = '#4a5563';

/** The tooltip's heading: the full name of the bar's period (its payload is untyped in recharts). */
const nameOf = (payload: unknown): string =>
  typeof payload === 'object' && payload !== null && 'name' in payload ? String(payload.name) : '';

export interface BarChartFigureProps {
  title: string;
  note: string;
  bins: Bin[];
  unit: Unit;
  /** The column heading of the counts: Records, Accesses. */
  valueLabel: string;
  /** Say "per day/week/month" after the title (not when the title says it already). */
  showUnit?: boolean;
}

export function BarChartFigure({
  title,
  note,
  bins,
  unit,
  valueLabel,
  showUnit = true,
}: BarChartFigureProps) {
  const { t } = useTranslation();
  const locale = formatLocale();
  const short = new Intl.DateTimeFormat(
    locale,
    unit === 'month' ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' },
  );
  const long = new Intl.DateTimeFormat(
    locale,
    unit === 'month' ? { month: 'long', year: 'numeric' } : { dateStyle: 'medium' },
  );
  const periodName = (start: Date) =>
    unit === 'week' ? t('learnerCharts.weekOf', { date: long.format(start) }) : long.format(start);
  const numbers = new Intl.NumberFormat(locale);
  const data = bins.map((b) => ({ label: short.format(b.start), name: periodName(b.start), count: b.count }));

  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        {showUnit && <span className="chart-unit"> {t(`learnerCharts.per.${unit}`)}</span>}
        <span className="hint">{note}</span>
      </figcaption>
      <div className="chart-canvas" aria-hidden="true">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="#c9d1da" />
            <XAxis dataKey="label" tick={{ fill: TEXT }} stroke={TEXT} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fill: TEXT }} stroke={TEXT} width={40} />
            <Tooltip
              labelFormatter={(_label, payload) => nameOf(payload[0]?.payload)}
              formatter={(value) => [numbers.format(Number(value)), valueLabel]}
              cursor={{ fill: '#f3f5f7' }}
            />
            <Bar dataKey="count" fill={BAR} maxBarSize={56} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Table
        caption={t('learnerCharts.tableCaption', { title })}
        columns={[t('learnerCharts.period'), valueLabel]}
        className="visually-hidden"
        bare
      >
        {data.map((d) => (
          <tr key={d.name}>
            <th scope="row">{d.name}</th>
            <td>{numbers.format(d.count)}</td>
          </tr>
        ))}
      </Table>
    </figure>
  );
}
