import { api } from '../../lib/api.ts';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { decimal, integer, kr } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { serverLabel, useI18n } from '../../lib/text/i18n.ts';
import { href } from '../../lib/router.ts';
import { Chart } from './Chart.tsx';
import { Heading, type Level } from './Heading.tsx';
import type { CountTexts } from './ClusterYear.tsx';
import type { ClusterComparison, ComparisonOverview, CountBy } from './types.ts';

export type ComparisonScope = { kind: 'region'; regionCode: string } | { kind: 'national' };

const pct = (text: string | null): string => (text === null ? '–' : `${decimal(text, 1)} %`);
const perKr = (text: string | null): string => (text === null ? '–' : decimal(text, 2));

/** A region's or the country's clusters side by side: kr. per inhabitant, share spent, initiatives. */
export function ComparisonView(props: { scope: ComparisonScope; year: number | null; level: Level }) {
  const { t } = useI18n();
  const url = props.scope.kind === 'region' ? `/api/regions/${encodeURIComponent(props.scope.regionCode)}/overview` : '/api/overview/national';
  const query = props.year === null ? '' : `?year=${String(props.year)}`;
  const data = useLoad(() => api<ComparisonOverview>(`${url}${query}`), ['overview', url, query]);
  if (data.loading && !data.data) return <Loading />;
  if (data.error !== null || !data.data) return <ErrorAlert message={data.error} />;
  const o = data.data;
  const sub = (props.level + 1) as Level;
  const title = o.scope.kind === 'region' ? t('ov.regionTitle', { region: o.scope.regionName, year: o.year }) : t('ov.nationalTitle', { year: o.year });
  const withFigure = o.clusters.filter((c) => c.perInhabitantKr !== null);
  const sorted = [...withFigure].sort((a, b) => Number(b.perInhabitantKr) - Number(a.perInhabitantKr));
  const top = sorted[0];
  const bottom = sorted.at(-1);
  const name = (c: ClusterComparison): string => (o.scope.kind === 'national' ? `${c.cluster} (${c.regionName.replace(/^Region /, '')})` : c.cluster);
  const id = o.scope.kind === 'region' ? `ov-r${o.scope.regionCode}` : 'ov-national';
  return (
    <section className="overview-compare" aria-labelledby={id}>
      <Heading level={props.level} id={id}>
        {title}
      </Heading>
      <p>{t('ov.compareIntro')}</p>
      {top && bottom ? (
        <p className="overview-summary">
          {t('ov.compareSummary', {
            count: o.clusters.length,
            allocated: kr(o.total.allocatedOre),
            year: o.year,
            perInhabitant: perKr(o.total.perInhabitantKr),
            spentPercent: pct(o.total.spentPercent),
            top: name(top),
            topValue: perKr(top.perInhabitantKr),
            bottom: name(bottom),
            bottomValue: perKr(bottom.perInhabitantKr),
          })}
        </p>
      ) : null}

      <div className="overview-charts">
        <div className="overview-chart">
          <Heading level={sub}>{t('ov.perInhabitantChartTitle', { year: o.year })}</Heading>
          <Chart
            title={t('ov.perInhabitantChartTitle', { year: o.year })}
            description={t('ov.perInhabitantChartDesc', { count: o.clusters.length })}
            categories={o.clusters.map(name)}
            series={[{ name: t('ov.col.perInhabitant'), values: o.clusters.map((c) => Number(c.perInhabitantKr ?? 0)) }]}
            tickFormat={(v) => decimal(v.toFixed(2), 0)}
            width={600}
          />
        </div>
        <div className="overview-chart">
          <Heading level={sub}>{t('ov.spentChartTitle', { year: o.year })}</Heading>
          <Chart
            title={t('ov.spentChartTitle', { year: o.year })}
            description={t('ov.spentChartDesc', { count: o.clusters.length })}
            categories={o.clusters.map(name)}
            series={[{ name: t('ov.col.spentPercent'), values: o.clusters.map((c) => Number(c.spentPercent ?? 0)) }]}
            tickFormat={(v) => `${decimal(v.toFixed(1), 0)} %`}
            width={600}
          />
        </div>
      </div>

      <div className="overview-table" role="region" aria-labelledby={`${id}-table`} tabIndex={0}>
        <table className="table table--compact">
          <caption id={`${id}-table`}>{t('ov.compareTableCaption', { year: o.year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ov.col.cluster')}</th>
              {o.scope.kind === 'national' ? <th scope="col">{t('ov.col.region')}</th> : null}
              <th scope="col" className="numeric">{t('ov.col.population')}</th>
              <th scope="col" className="numeric">{t('ov.col.allocated')}</th>
              <th scope="col" className="numeric">{t('ov.col.perInhabitant')}</th>
              <th scope="col" className="numeric">{t('ov.col.available')}</th>
              <th scope="col" className="numeric">{t('ov.col.spent')}</th>
              <th scope="col" className="numeric">{t('ov.col.spentPercent')}</th>
            </tr>
          </thead>
          <tbody>
            {o.clusters.map((c) => (
              <tr key={c.clusterId}>
                <th scope="row">
                  <a href={href('overview', 'cluster', c.clusterId, o.year)}>{c.cluster}</a>
                </th>
                {o.scope.kind === 'national' ? <td className="nowrap">{c.regionName}</td> : null}
                <td className="numeric">{c.population === null ? '–' : integer(c.population)}</td>
                <td className="numeric">{kr(c.allocatedOre)}</td>
                <td className="numeric">{perKr(c.perInhabitantKr)}</td>
                <td className="numeric">{kr(c.availableOre)}</td>
                <td className="numeric">{kr(c.spentOre)}</td>
                <td className="numeric">{pct(c.spentPercent)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('ov.total')}</th>
              {o.scope.kind === 'national' ? <td /> : null}
              <td className="numeric">{o.total.population === null ? '–' : integer(o.total.population)}</td>
              <td className="numeric">{kr(o.total.allocatedOre)}</td>
              <td className="numeric">{perKr(o.total.perInhabitantKr)}</td>
              <td className="numeric">{kr(o.total.availableOre)}</td>
              <td className="numeric">{kr(o.total.spentOre)}</td>
              <td className="numeric">{pct(o.total.spentPercent)}</td>
            </tr>
          </tfoot>
        </table>
      </div>

      <Heading level={sub}>{t('ov.byTargetGroup')}</Heading>
      <CountMatrix id={`${id}-tg`} caption={t('ov.initiativesTableCaption', { year: o.year, by: t('ov.byTargetGroupShort') })} clusters={o.clusters} name={name} total={o.total.initiativesByTargetGroup} pick={(c) => c.initiativesByTargetGroup} texts="initiative.targetGroup." />
      <Heading level={sub}>{t('ov.byStatus')}</Heading>
      <CountMatrix id={`${id}-st`} caption={t('ov.initiativesTableCaption', { year: o.year, by: t('ov.byStatusShort') })} clusters={o.clusters} name={name} total={o.total.initiativesByStatus} pick={(c) => c.initiativesByStatus} texts="initiative.status." />
    </section>
  );
}

/** Clusters × categories of initiatives (target group or status), with the totals. */
function CountMatrix(props: { id: string; caption: string; clusters: ClusterComparison[]; name: (c: ClusterComparison) => string; total: CountBy[]; pick: (c: ClusterComparison) => CountBy[]; texts: CountTexts }) {
  const { t, lang } = useI18n();
  return (
    <div className="overview-table" role="region" aria-labelledby={props.id} tabIndex={0}>
      <table className="table table--compact">
        <caption id={props.id}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ov.col.cluster')}</th>
            {props.total.map((c) => (
              <th key={c.key} scope="col" className="numeric">
                {serverLabel(lang, props.texts + c.key, c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.clusters.map((c) => (
            <tr key={c.clusterId}>
              <th scope="row">{props.name(c)}</th>
              {props.pick(c).map((x) => (
                <td key={x.key} className="numeric">
                  {x.count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('ov.total')}</th>
            {props.total.map((x) => (
              <td key={x.key} className="numeric">
                {x.count}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
