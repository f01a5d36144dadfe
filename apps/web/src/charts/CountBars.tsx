// Counts as bars (recharts, SVG), as the auditor's patterns draw them: one bar, or a stack of bars, per
// category, across the page (names on the left) or upwards (names below). The page around it gives the
// text alternative (a summary and the figures as a table); loaded lazily by ./lazy.tsx like every chart.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { formatLocale } from '../i18n';

export interface CountBarsProps {
  /** One object a category: its name under `categoryKey`, its counts under the bars' keys. */
  data: object[];
  categoryKey: string;
  /** `across`: a row a category, the names in a column `categoryWidth` wide on the left. */
  direction: 'across' | 'up';
  categoryWidth?: number;
  bars: { key: string; name: string; fill: string; stackId?: string }[];
  legend?: boolean;
  height: number;
}

export function CountBars(props: CountBarsProps) {
  const number = new Intl.NumberFormat(formatLocale());
  const count = (v: number) => number.format(v);
  const across = props.direction === 'across';
  return (
    <ResponsiveContainer width="100%" height={props.height}>
      <BarChart
        data={props.data}
        layout={across ? 'vertical' : 'horizontal'}
        margin={across ? { left: 16, right: 24 } : { right: 24 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={!across} vertical={across} />
        {across ? (
          <>
            <XAxis type="number" allowDecimals={false} tickFormatter={count} />
            <YAxis type="category" dataKey={props.categoryKey} width={props.categoryWidth} />
          </>
        ) : (
          <>
            <XAxis dataKey={props.categoryKey} />
            <YAxis allowDecimals={false} tickFormatter={count} />
          </>
        )}
        <Tooltip formatter={(v) => number.format(Number(v))} />
        {props.legend && <Legend itemSorter={null} />}
        {props.bars.map((b) => (
          <Bar
            key={b.key}
            dataKey={b.key}
            name={b.name}
            stackId={b.stackId}
            fill={b.fill}
            isAnimationActive={false}
            maxBarSize={40}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
