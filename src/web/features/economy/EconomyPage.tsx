import { useEffect, useId, useState } from 'react';
import { errorMessage } from '../../lib/api.ts';
import { ClusterOptions } from '../../components/ClusterOptions.tsx';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { kr } from '../../lib/format.ts';
import { useApiQuery } from '../../lib/query.ts';
import { href, navigate } from '../../lib/router.ts';
import { hasRole, isAdmin, ownClusterId, useSession } from '../../lib/session.ts';
import type { RegisterData } from '../../lib/register-data.ts';
import { ActualsPage } from './ActualsPage.tsx';
import { EconomyFundsBasis } from './EconomyFundsBasis.tsx';
import { FundsPage } from './FundsPage.tsx';
import { InitiativesPage } from './InitiativesPage.tsx';
import { SettlementsPage } from './SettlementsPage.tsx';
import { useText, type Text } from './text.ts';
import type { EconomyData, Rights } from './types.ts';
import { YearEndPage } from './YearEndPage.tsx';
import './economy.css';

/** The economy's sub-pages, in the order of a year's work; the URL's fourth segment. */
export const SUB_PAGES = ['funds', 'initiatives', 'actuals', 'settlements', 'year-end'] as const;
export type SubPage = (typeof SUB_PAGES)[number];

const TAB_LABEL: Record<SubPage, Parameters<Text>[0]> = {
  funds: 'tabFunds',
  initiatives: 'tabInitiatives',
  actuals: 'tabActuals',
  settlements: 'tabSettlements',
  'year-end': 'tabYearEnd',
};

export function subPageOf(segment: string | undefined): SubPage {
  return SUB_PAGES.find((s) => s === segment) ?? 'funds';
}

/**
 * The cluster economy for one cluster and year, in sub-pages (Midler, Indsatser, Forbrug,
 * Afregninger, Årsafslutning): `#/economy/<cluster>/<year>/<sub-page>[/<initiative>]`.
 */
export function EconomyPage(props: { clusterId: string | undefined; year: string | undefined; sub: string | undefined; itemId: string | undefined }) {
  const x = useText();
  const { user } = useSession().session;
  const clusterFieldId = useId();
  const [years, setYears] = useState<number[] | null>(null);
  const year = years ? pickYear(props.year, years) : null;
  const sub = subPageOf(props.sub);
  const register = useApiQuery<RegisterData>(year === null ? null : `/api/years/${String(year)}/register`);
  const clusterId = props.clusterId ?? ownClusterId(user) ?? null;
  const economy = useApiQuery<EconomyData>(clusterId === null || year === null ? null : `/api/clusters/${encodeURIComponent(clusterId)}/economy/${String(year)}`);
  const rights: Rights = {
    canEdit: isAdmin(user) || (clusterId !== null && user.roles.some((r) => r.role === 'cluster-secretariat' && r.scope.id === clusterId)),
    admin: isAdmin(user),
    canRecord: false,
    canCorrect: () => false,
  };
  rights.canRecord = rights.canEdit || hasRole(user, 'finance-officer');
  rights.canCorrect = (party) => rights.canEdit || user.roles.some((r) => r.role === 'finance-officer' && r.scope.id === party);
  const e = economy.data;
  const to = (s: SubPage) => href('economy', clusterId ?? '', year ?? '', s);
  // The address always says where the user is: `#/economy` (from the menu) becomes the full
  // address of the cluster, year and sub-page shown, without a new history entry.
  const full = clusterId !== null && year !== null ? (props.itemId ? href('economy', clusterId, year, sub, props.itemId) : to(sub)) : null;
  useEffect(() => {
    if (full !== null && window.location.hash !== full) window.history.replaceState(window.history.state, '', full);
  }, [full]);

  return (
    <>
      <h1>{x('title')}</h1>
      <p>{x('intro')}</p>
      <div className="economy-form">
        <YearSelect value={year} onChange={(y) => navigate(href('economy', clusterId ?? '', y, sub))} onLoaded={setYears} />
        <div className="form-group">
          <label className="form-label" htmlFor={clusterFieldId}>
            {x('cluster')}
          </label>
          <select className="form-select" id={clusterFieldId} value={clusterId ?? ''} onChange={(ev) => navigate(href('economy', ev.target.value, year ?? '', sub))}>
            {clusterId === null ? <option value="">{x('chooseCluster')}</option> : null}
            <ClusterOptions register={register.data ?? null} />
          </select>
        </div>
      </div>
      {clusterId !== null && year !== null ? (
        <nav className="tab-container economy-tabs" aria-label={x('subPages', { cluster: e?.cluster ?? clusterId, year })}>
          <ul className="tab-list">
            {SUB_PAGES.map((s) => (
              <li key={s}>
                <a className="tab-button" href={to(s)} aria-current={s === sub ? 'page' : undefined}>
                  <span>{x(TAB_LABEL[s])}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {economy.isPending && economy.fetchStatus !== 'idle' ? <Loading /> : null}
      <ErrorAlert message={economy.error ? errorMessage(economy.error) : null} />
      {!e && economy.error && clusterId !== null && year !== null ? <EconomyFundsBasis clusterId={clusterId} year={year} canEdit={rights.canEdit} /> : null}
      {e ? (
        <>
          <h2 className="economy-subpage-title">{x('subPageTitle', { page: x(TAB_LABEL[sub]), cluster: e.cluster, year: e.year })}</h2>
          <FundsSummary data={e} />
          {sub === 'funds' ? <FundsPage data={e} rights={rights} /> : null}
          {sub === 'initiatives' ? <InitiativesPage data={e} rights={rights} selected={props.itemId ?? null} /> : null}
          {sub === 'actuals' ? <ActualsPage data={e} rights={rights} initiativeId={props.itemId ?? null} /> : null}
          {sub === 'settlements' ? <SettlementsPage data={e} rights={rights} /> : null}
          {sub === 'year-end' ? <YearEndPage data={e} rights={rights} /> : null}
        </>
      ) : null}
    </>
  );
}

/** The cluster's totals on every sub-page, so the effect of each step is seen where it is taken. */
function FundsSummary(props: { data: EconomyData }) {
  const x = useText();
  const c = props.data.funds.cluster;
  const items: [Parameters<Text>[0], number][] = [
    ['available', c.available],
    ['committed', c.committed],
    ['spent', c.spent],
    ['remaining', c.remaining],
  ];
  return (
    <dl className="economy-summary" aria-label={x('summary', { year: props.data.year })}>
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{x(k)}</dt>
          <dd data-summary={k}>{kr(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
