import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { useI18n } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { ClusterYearView } from './ClusterYear.tsx';
import { ComparisonView } from './Comparison.tsx';

/**
 * The overview pages (issue 12): `#/overview/cluster/<id>/<year>`, `#/overview/region/<code>/<year>`
 * and `#/overview/national/<year>`. The server decides who may read which.
 */
export function OverviewPage(props: { params: string[] }) {
  const { t } = useI18n();
  const [kind, id, yearText] = props.params;
  const [years, setYears] = useState<number[]>([]);
  const yearParam = kind === 'national' ? id : yearText;
  const year = pickYear(yearParam, years);
  const go = (y: number): void => navigate(kind === 'national' ? href('overview', 'national', y) : href('overview', kind ?? '', id ?? '', y));
  let body;
  if (kind === 'cluster' && id) body = year === null ? null : <ClusterYearView key={`${id}/${String(year)}`} clusterId={id} year={year} level={1} />;
  else if (kind === 'region' && id) body = <ComparisonView key={`${id}/${String(year)}`} scope={{ kind: 'region', regionCode: id }} year={year} level={1} />;
  else if (kind === 'national') body = <ComparisonView key={String(year)} scope={{ kind: 'national' }} year={year} level={1} />;
  else body = <ErrorAlert message={t('notFound.title')} />;
  return (
    <div className="overview-page">
      <div className="overview-tools no-print">
        <YearSelect value={year} onChange={go} onLoaded={setYears} />
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          {t('ov.print')}
        </button>
      </div>
      {body}
    </div>
  );
}
