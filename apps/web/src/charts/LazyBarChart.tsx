// The bar chart, loaded when a page first shows one: recharts is most of the app's code, and the
// sign-in page and the other pages need none of it. (Same-origin chunk, so script-src 'self' holds.)
import { lazy, Suspense } from 'react';

import type { BarChartFigureProps } from './BarChartFigure';

const BarChartFigure = lazy(async () => ({ default: (await import('./BarChartFigure')).BarChartFigure }));

export function LazyBarChart(props: BarChartFigureProps) {
  return (
    <Suspense fallback={null}>
      <BarChartFigure {...props} />
    </Suspense>
  );
}
