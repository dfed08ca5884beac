import './scenarios.css';
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { Field } from '../../components/Field.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { dateTime, integer, kr } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { defaultClusterId, hasRole, isAdmin, useSession } from '../../lib/session.ts';
import type { RegisterData } from '../../lib/register-data.ts';
import { ClusterPicker, clusterLabel, useClusters } from '../../components/ClusterPicker.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

type ScenarioView = ApiResponse<'/api/scenarios/{id}'>;

/** Scenarios: what-if allocations beside the decided run; saved, exportable, promoted only by an administrator. */
export function ScenariosPage(props: { year: string | undefined; scenarioId: string | undefined }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const [years, setYears] = useState<number[]>([]);
  const year = pickYear(props.year, years);
  const list = useLoad(() => (year === null ? Promise.resolve({ scenarios: [] }) : api<ApiResponse<'/api/years/{year}/scenarios'>>(`/api/years/${String(year)}/scenarios`)), ['years', String(year), 'scenarios']);
  const canCreate = hasRole(user, 'system-admin', 'cluster-secretariat', 'finance-officer');
  return (
    <>
      <h1>{t('sc.title')}</h1>
      <p>{t('sc.intro')}</p>
      <YearSelect value={year} onChange={(y) => navigate(href('scenarios', y))} onLoaded={setYears} />
      {props.scenarioId && year !== null ? (
        <>
          <p>
            <a href={href('scenarios', year)}>{t('sc.back')}</a>
          </p>
          <ScenarioDetail id={props.scenarioId} />
        </>
      ) : (
        <>
          <h2>{t('sc.list')}</h2>
          <ErrorAlert message={list.error} />
          {list.loading ? <Loading /> : null}
          {list.data && list.data.scenarios.length === 0 ? <p>{t('sc.none')}</p> : null}
          {list.data && list.data.scenarios.length > 0 ? (
            <ScrollRegion>
              <table className="table table--zebra">
                <caption className="sr-only">{t('sc.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sc.name')}</th>
                    <th scope="col">{t('sc.createdBy')}</th>
                    <th scope="col">{t('sc.createdAt')}</th>
                    <th scope="col">{t('sc.promoted')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.scenarios.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <a href={href('scenarios', s.year, s.id)}>{s.name}</a>
                      </th>
                      <td>{s.createdBy}</td>
                      <td>{dateTime(s.createdAt)}</td>
                      <td>{s.promotedRunId ? t('sc.promotedText', { run: s.promotedRunId, by: s.promotedBy ?? '' }) : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ) : null}
          {canCreate && year !== null ? <NewScenario year={year} /> : null}
        </>
      )}
    </>
  );
}

type SplitChoice = 'unchanged' | 'population' | 'agreed';

function NewScenario(props: { year: number }) {
  const { t } = useI18n();
  const register = useLoad(() => api<RegisterData>(`/api/years/${String(props.year)}/register`), ['years', String(props.year), 'register']);
  const periods = useLoad(() => api<ApiResponse<'/api/population/periods'>>('/api/population/periods'), ['population', 'periods']);
  const [name, setName] = useState('');
  const [period, setPeriod] = useState('');
  const [splits, setSplits] = useState<Record<string, SplitChoice>>({});
  const [weights, setWeights] = useState<Record<string, string>>({});
  const [sources, setSources] = useState<Record<string, string>>({});
  const [districts, setDistricts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const partials = (register.data?.regions ?? []).flatMap((r) =>
    r.clusters.flatMap((c) => c.members.flatMap((m) => (m.commonFundsBasis.kind === 'partial' ? [{ key: `${c.id}|${m.municipalityCode}`, clusterId: c.id, cluster: c.name, code: m.municipalityCode, municipality: m.municipalityName, population: m.commonFundsBasis.population }] : []))),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const regions = register.data?.regions ?? [];
    const regionalSplits = regions.flatMap((r) => {
      const choice = splits[r.code] ?? 'unchanged';
      if (choice === 'population') return [{ regionCode: r.code, kind: 'population' }];
      if (choice === 'agreed') return [{ regionCode: r.code, kind: 'agreed', weights: Object.fromEntries(r.clusters.map((c) => [c.id, weights[c.id] ?? ''])), source: sources[r.code] ?? '' }];
      return [];
    });
    const districtFigures = partials.flatMap((p) => {
      const v = (districts[p.key] ?? '').replace(/\./g, '').trim();
      return v === '' ? [] : [{ clusterId: p.clusterId, municipalityCode: p.code, population: Number(v) }];
    });
    const inputs = {
      ...(period ? { populationPeriod: period } : {}),
      ...(regionalSplits.length > 0 ? { regionalSplits } : {}),
      ...(districtFigures.length > 0 ? { districtFigures } : {}),
    };
    setBusy(true);
    api<ScenarioView>(`/api/years/${String(props.year)}/scenarios`, { method: 'POST', json: { name, inputs } })
      .then((s) => navigate(href('scenarios', props.year, s.id)), (err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  }

  return (
    <section aria-labelledby="sc-new-heading">
      <h2 id="sc-new-heading">{t('sc.new')}</h2>
      <ErrorAlert message={error ?? register.error ?? periods.error} />
      <form className="sc-form" onSubmit={submit}>
        <Field label={t('sc.name')}>{(id) => <input className="form-input" id={id} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />}</Field>
        <Field label={t('sc.populationPeriod')}>
          {(id) => (
            <select className="form-select" id={id} value={period} onChange={(e) => setPeriod(e.target.value)}>
              <option value="">{t('sc.asDecided')}</option>
              {(periods.data?.periods ?? []).map((p) => (
                <option key={p.period}>{p.period}</option>
              ))}
            </select>
          )}
        </Field>
        {(register.data?.regions ?? []).map((r) => {
          const choice = splits[r.code] ?? 'unchanged';
          return (
            <fieldset key={r.code} className="sc-fieldset">
              <legend className="form-label">
                {r.name}: {t('sc.regionalSplit')}
              </legend>
              {(['unchanged', 'population', 'agreed'] as const).map((c) => (
                <div className="form-group-radio" key={c}>
                  <input className="form-radio" type="radio" id={`split-${r.code}-${c}`} name={`split-${r.code}`} checked={choice === c} onChange={() => setSplits({ ...splits, [r.code]: c })} />
                  <label className="form-label" htmlFor={`split-${r.code}-${c}`}>
                    {t(`sc.split.${c}`)}
                  </label>
                </div>
              ))}
              {choice === 'agreed' ? (
                <>
                  {r.clusters.map((c) => (
                    <Field key={c.id} label={t('sc.weight', { cluster: c.name })}>
                      {(id) => <input className="form-input input-width-s" id={id} value={weights[c.id] ?? ''} onChange={(e) => setWeights({ ...weights, [c.id]: e.target.value })} required inputMode="decimal" />}
                    </Field>
                  ))}
                  <Field label={t('sc.splitSource', { region: r.name })}>{(id) => <input className="form-input" id={id} value={sources[r.code] ?? ''} onChange={(e) => setSources({ ...sources, [r.code]: e.target.value })} required />}</Field>
                </>
              ) : null}
            </fieldset>
          );
        })}
        {partials.length > 0 ? (
          <fieldset className="sc-fieldset">
            <legend className="form-label">{t('sc.districts')}</legend>
            {partials.map((p) => (
              <Field key={p.key} label={t('sc.district', { municipality: p.municipality, cluster: p.cluster, population: integer(p.population) })}>
                {(id) => <input className="form-input input-width-s" id={id} value={districts[p.key] ?? ''} onChange={(e) => setDistricts({ ...districts, [p.key]: e.target.value })} inputMode="numeric" />}
              </Field>
            ))}
          </fieldset>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('sc.create')}
        </button>
      </form>
    </section>
  );
}

function ScenarioDetail(props: { id: string }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const s = useLoad(() => api<ScenarioView>(`/api/scenarios/${encodeURIComponent(props.id)}`), ['scenarios', props.id]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (s.loading && !s.data) return <Loading />;
  if (!s.data) return <ErrorAlert message={s.error} />;
  const v = s.data;
  const clusters = [...new Map(v.rows.map((r) => [r.clusterId, r])).values()];

  function promote(e: FormEvent) {
    e.preventDefault();
    setError(null);
    api<ApiResponse<'/api/scenarios/{id}/promote', 'post'>>(`/api/scenarios/${encodeURIComponent(props.id)}/promote`, { method: 'POST', json: { note } }).then(
      (r) => {
        setDone(t('sc.promotedDone', { run: r.runId }));
        s.reload();
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }

  const signed = (ore: number): string => (ore > 0 ? `+${kr(ore)}` : kr(ore));
  return (
    <section aria-labelledby="sc-detail-heading">
      <h2 id="sc-detail-heading">{v.name}</h2>
      <p>{t('sc.comparisonIntro')}</p>
      {!v.baseIsCurrent ? (
        <div className="alert alert-warning" role="status">
          <div className="alert-body">
            <p className="alert-text">{t('sc.notCurrent')}</p>
          </div>
        </div>
      ) : null}
      {v.promotedRunId ? <p>{t('sc.promotedText', { run: v.promotedRunId, by: v.promotedBy ?? '' })}</p> : null}
      <SuccessAlert message={done} />
      <p>
        <a className="button button-secondary" href={`/api/scenarios/${encodeURIComponent(v.id)}/export`} download>
          {t('sc.export')}
        </a>
      </p>
      <ScrollRegion>
        <table className="table table--compact sc-table">
          <caption>{t('sc.comparison', { run: v.comparedRunId })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sc.party')}</th>
              <th scope="col" className="numeric">
                {t('sc.decided')}
              </th>
              <th scope="col" className="numeric">
                {t('sc.scenario')}
              </th>
              <th scope="col" className="numeric">
                {t('sc.difference')}
              </th>
              <th scope="col" className="numeric">
                {t('sc.differencePct')}
              </th>
            </tr>
          </thead>
          {clusters.map((c) => (
            <tbody key={c.clusterId} data-cluster={c.clusterId}>
              <tr className="sc-cluster-row">
                <th scope="colgroup" colSpan={5}>
                  {c.cluster} ({c.region})
                </th>
              </tr>
              {v.rows
                .filter((r) => r.clusterId === c.clusterId)
                .map((r) => (
                  <tr key={r.party} data-party={r.party} className={r.party === 'total' ? 'sc-row--total' : undefined}>
                    <th scope="row" className="sc-indent">
                      {r.partyName}
                    </th>
                    <td className="numeric">{kr(r.decidedOre)}</td>
                    <td className="numeric">{kr(r.scenarioOre)}</td>
                    <td className={`numeric${r.differenceOre < 0 ? ' sc-negative' : ''}`}>{signed(r.differenceOre)}</td>
                    <td className="numeric">{r.differencePercent === null ? '–' : `${r.differencePercent} %`}</td>
                  </tr>
                ))}
            </tbody>
          ))}
          <tbody>
            <tr className="sc-row--total">
              <th scope="row">{t('sc.total')}</th>
              <td className="numeric">{kr(v.totals.decidedOre)}</td>
              <td className="numeric">{kr(v.totals.scenarioOre)}</td>
              <td className="numeric">{signed(v.totals.differenceOre)}</td>
              <td className="numeric">–</td>
            </tr>
          </tbody>
        </table>
      </ScrollRegion>
      <ScenarioCoFinancing id={v.id} />
      <h3>{t('sc.inputs')}</h3>
      <pre className="sc-inputs">{JSON.stringify(v.inputs, null, 2)}</pre>
      {isAdmin(user) && !v.promotedRunId && v.baseIsCurrent ? (
        <form className="sc-form" onSubmit={promote}>
          <h3>{t('sc.promote')}</h3>
          <ErrorAlert message={error} />
          <Field label={t('sc.promoteNote')}>{(id) => <input className="form-input" id={id} value={note} onChange={(e) => setNote(e.target.value)} required />}</Field>
          <button type="submit" className="button button-primary">
            {t('sc.promoteConfirm')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

type CoFinancingView = ApiResponse<'/api/scenarios/{id}/clusters/{clusterId}/cofinancing'>;

/** The scenario's effect on one cluster's secretariat co-financing (population period, district figures). */
function ScenarioCoFinancing(props: { id: string }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const [clusterId, setClusterId] = useState(defaultClusterId(user));
  const clusters = useClusters();
  const named = clusters.find((c) => c.id === clusterId);
  const [cost, setCost] = useState('');
  const [result, setResult] = useState<CoFinancingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  function show(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setResult(null);
    const kroner = Number(cost.replace(/\./g, '').replace(',', '.'));
    if (!Number.isFinite(kroner) || kroner < 0) {
      setError(`"${cost}" er ikke et beløb i kr.`);
      return;
    }
    api<CoFinancingView>(`/api/scenarios/${encodeURIComponent(props.id)}/clusters/${encodeURIComponent(clusterId)}/cofinancing?costOre=${String(Math.round(kroner * 100))}`).then(setResult, (err: unknown) => setError(errorMessage(err)));
  }
  return (
    <section aria-labelledby="sc-cof-heading">
      <h3 id="sc-cof-heading">{t('sc.cofinancing')}</h3>
      <p>{t('sc.cofinancingIntro')}</p>
      <form className="sc-form" onSubmit={show}>
        <ClusterPicker value={clusterId} onChange={setClusterId} />
        <Field label={t('sc.cost')}>{(id) => <input className="form-input input-width-s" id={id} value={cost} onChange={(e) => setCost(e.target.value)} required inputMode="decimal" />}</Field>
        <button type="submit" className="button button-secondary">
          {t('sc.cofinancingShow')}
        </button>
      </form>
      <ErrorAlert message={error} />
      {result ? (
        <ScrollRegion>
          <table className="table table--zebra table--compact">
            <caption>{t('sc.cofinancingCaption', { cluster: named ? clusterLabel(named) : clusterId, decided: result.decidedPopulationPeriod, scenario: result.scenarioPopulationPeriod })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sc.municipality')}</th>
                <th scope="col" className="numeric">
                  {t('sc.decided')}
                </th>
                <th scope="col" className="numeric">
                  {t('sc.scenario')}
                </th>
                <th scope="col" className="numeric">
                  {t('sc.difference')}
                </th>
                <th scope="col" className="numeric">
                  {t('sc.differencePct')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.municipalityCode}>
                  <th scope="row">
                    {r.municipalityCode} {r.municipality}
                  </th>
                  <td className="numeric">{kr(r.decidedOre)}</td>
                  <td className="numeric">{kr(r.scenarioOre)}</td>
                  <td className="numeric">{kr(r.differenceOre)}</td>
                  <td className="numeric">{r.differencePercent === null ? '–' : `${r.differencePercent} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </section>
  );
}
