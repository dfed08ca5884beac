import { api } from '../../lib/api.ts';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { kr, wholeKr } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { serverLabel, useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href } from '../../lib/router.ts';
import { Chart, krOf } from './Chart.tsx';
import { Heading, type Level } from './Heading.tsx';
import type { ClusterYearOverview, CountBy, PartyYear } from './types.ts';

type Measure = 'allocated' | 'available' | 'approved' | 'spent' | 'settled' | 'carried' | 'lapsed';
const FIELD: Record<Measure, keyof ClusterYearOverview['total']> = {
  allocated: 'allocatedOre',
  available: 'availableOre',
  approved: 'approvedOre',
  spent: 'spentOre',
  settled: 'settledOre',
  carried: 'carriedForwardOre',
  lapsed: 'lapsedOre',
};
/** The per-party chart keeps to the four steps every party has; the table has all columns. */
const PARTY_MEASURES: Measure[] = ['allocated', 'approved', 'spent', 'settled'];

/** A cluster's year at a glance: a text summary, two charts, each with its table, and the initiatives counted. */
export function ClusterYearView(props: { clusterId: string; year: number; level: Level }) {
  const { t } = useI18n();
  const data = useLoad(() => api<ClusterYearOverview>(`/api/clusters/${encodeURIComponent(props.clusterId)}/overview/${String(props.year)}`), ['overview', 'cluster', props.clusterId, String(props.year)]);
  if (data.loading && !data.data) return <Loading />;
  if (data.error !== null || !data.data) return <ErrorAlert message={data.error} />;
  const o = data.data;
  const sub = (props.level + 1) as Level;
  const measures: Measure[] = o.closed ? ['allocated', 'available', 'approved', 'spent', 'settled', 'carried', 'lapsed'] : ['allocated', 'available', 'approved', 'spent', 'settled'];
  const label = (m: Measure): string => t(`ov.m.${m}` as MessageKey);
  const amount = (row: ClusterYearOverview['total'], m: Measure): number | null => row[FIELD[m]];
  const summary = t(o.closed ? 'ov.summaryClosed' : 'ov.summaryOpen', {
    cluster: o.cluster,
    year: o.year,
    available: kr(o.total.availableOre),
    allocated: kr(o.total.allocatedOre),
    approved: kr(o.total.approvedOre),
    spent: kr(o.total.spentOre),
    settled: kr(o.total.settledOre),
    carried: kr(o.total.carriedForwardOre ?? 0),
    lapsed: kr(o.total.lapsedOre ?? 0),
  });
  return (
    <section className="overview-cluster" aria-labelledby={`ov-${o.clusterId}`}>
      <Heading level={props.level} id={`ov-${o.clusterId}`}>
        {t('ov.clusterHeading', { cluster: o.cluster, region: o.regionName, year: o.year })}
      </Heading>
      {!o.allocated ? (
        <div className="alert alert-info" role="status">
          <div className="alert-body">
            <p className="alert-text">{t('ov.notAllocated', { year: o.year })}</p>
          </div>
        </div>
      ) : null}
      <p className="overview-summary">{summary}</p>
      <p className="no-print">
        <a href={href('economy', o.clusterId, o.year)}>{t('ov.economyLink', { cluster: o.cluster, year: o.year })}</a>
      </p>

      <div className="overview-pair">
        <div className="overview-chart">
          <Heading level={sub}>{t('ov.totalChartTitle', { year: o.year })}</Heading>
          <Chart
            title={t('ov.totalChartTitle', { year: o.year })}
            description={t('ov.totalChartDesc', { closed: o.closed ? t('ov.totalChartDescClosed') : '' })}
            categories={measures.map(label)}
            series={[{ name: t('ov.col.amount'), values: measures.map((m) => krOf(amount(o.total, m) ?? 0)) }]}
            tickFormat={(v) => wholeKr(Math.round(v * 100))}
            width={560}
          />
        </div>
        <div className="overview-table" role="region" aria-labelledby={`ov-${o.clusterId}-total`} tabIndex={0}>
          <table className="table table--compact">
            <caption id={`ov-${o.clusterId}-total`}>{t('ov.totalTableCaption', { year: o.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ov.col.measure')}</th>
                <th scope="col" className="numeric">{t('ov.col.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {measures.map((m) => (
                <tr key={m}>
                  <th scope="row">{label(m)}</th>
                  <td className="numeric">{kr(amount(o.total, m) ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <div className="overview-stack">
        <Heading level={sub}>{t('ov.partyChartTitle', { year: o.year })}</Heading>
        <Chart
          title={t('ov.partyChartTitle', { year: o.year })}
          description={t('ov.partyChartDesc', { count: o.parties.length })}
          categories={o.parties.map((p) => p.name)}
          series={PARTY_MEASURES.map((m) => ({ name: label(m), values: o.parties.map((p) => krOf(p[FIELD[m]] ?? 0)) }))}
          tickFormat={(v) => wholeKr(Math.round(v * 100))}
        />
        <PartyTable o={o} />
      </div>

      <Heading level={sub}>{t('ov.initiatives', { year: o.year })}</Heading>
      <div className="overview-pair">
        <CountTable caption={t('ov.byStatus')} column={t('ov.col.status')} rows={o.initiativesByStatus} texts="initiative.status." />
        <CountTable caption={t('ov.byTargetGroup')} column={t('ov.col.targetGroup')} rows={o.initiativesByTargetGroup} texts="initiative.targetGroup." />
      </div>
    </section>
  );
}

function PartyTable(props: { o: ClusterYearOverview }) {
  const { t } = useI18n();
  const { o } = props;
  const cells = (r: Omit<PartyYear, 'party' | 'name' | 'kind'>) => (
    <>
      <td className="numeric">{kr(r.allocatedOre)}</td>
      <td className="numeric">{kr(r.extraOre)}</td>
      <td className="numeric">{kr(r.approvedOre)}</td>
      <td className="numeric">{kr(r.spentOre)}</td>
      <td className="numeric">{kr(r.settledOre)}</td>
      {o.closed ? (
        <>
          <td className="numeric">{kr(r.carriedForwardOre ?? 0)}</td>
          <td className="numeric">{kr(r.lapsedOre ?? 0)}</td>
        </>
      ) : null}
    </>
  );
  const captionId = `ov-${o.clusterId}-parties`;
  return (
    <div className="overview-table" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table table--compact">
        <caption id={captionId}>{t('ov.partyTableCaption', { year: o.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ov.col.party')}</th>
            <th scope="col" className="numeric">{t('ov.m.allocated')}</th>
            <th scope="col" className="numeric">{t('ov.m.extra')}</th>
            <th scope="col" className="numeric">{t('ov.m.approved')}</th>
            <th scope="col" className="numeric">{t('ov.m.spent')}</th>
            <th scope="col" className="numeric">{t('ov.m.settled')}</th>
            {o.closed ? (
              <>
                <th scope="col" className="numeric">{t('ov.m.carried')}</th>
                <th scope="col" className="numeric">{t('ov.m.lapsed')}</th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {o.parties.map((p) => (
            <tr key={p.party}>
              <th scope="row">
                {p.name} <span className="muted">({p.party})</span>
              </th>
              {cells(p)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('ov.total')}</th>
            {cells(o.total)}
          </tr>
        </tfoot>
      </table>
      {o.closed ? null : <p className="muted">{t('ov.notClosedNote', { year: o.year })}</p>}
    </div>
  );
}

/** Where the web keeps the names of what initiatives are counted by. */
export type CountTexts = 'initiative.status.' | 'initiative.targetGroup.';

/** Initiatives counted by status or target group; `texts` is where the web keeps their names (the server's are Danish). */
export function CountTable(props: { caption: string; column: string; rows: CountBy[]; texts: CountTexts }) {
  const { t, lang } = useI18n();
  return (
    <table className="table table--compact overview-count">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.column}</th>
          <th scope="col" className="numeric">{t('ov.col.count')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{serverLabel(lang, props.texts + r.key, r.label)}</th>
            <td className="numeric">{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
