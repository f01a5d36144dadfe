// Every chart of the app, loaded when a page first shows one: recharts is most of the app's code, and the
// sign-in page and the other pages need none of it. Only the components of this folder import recharts, and
// pages reach them only through here, so recharts is one lazily loaded, same-origin chunk (script-src 'self'
// holds) whichever page asks for it first, the learner's or the auditor's.
import { type ComponentProps, lazy, Suspense } from 'react';

const BarChartFigure = lazy(async () => ({ default: (await import('./BarChartFigure')).BarChartFigure }));
const CountBars = lazy(async () => ({ default: (await import('./CountBars')).CountBars }));

/** The learner's counts per period, with its figures as a hidden table (./BarChartFigure.tsx). */
export function LazyBarChart(props: ComponentProps<typeof BarChartFigure>) {
  return (
    <Suspense fallback={null}>
      <BarChartFigure {...props} />
    </Suspense>
  );
}

/** The auditor's counts per category (./CountBars.tsx). */
export function LazyCountBars(props: ComponentProps<typeof CountBars>) {
  return (
    <Suspense fallback={null}>
      <CountBars {...props} />
    </Suspense>
  );
}
