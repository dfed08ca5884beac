import { lazy, Suspense } from 'react';
import { useI18n } from '../../lib/text/i18n.ts';
import type { BarChartProps } from './BarChart.tsx';

/** The chart code (visx, d3 scales) is loaded only when a chart is shown, not with the first page. */
const BarChart = lazy(() => import('./BarChart.tsx'));

export function Chart(props: BarChartProps) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p className="bar-chart-loading">{t('ov.chartLoading')}</p>}>
      <BarChart {...props} />
    </Suspense>
  );
}

/** Øre → kroner for a chart axis (display only; the tables show the exact figures). */
export const krOf = (ore: number): number => ore / 100;
