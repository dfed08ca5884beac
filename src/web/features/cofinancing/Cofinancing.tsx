import { useId, useState, type FormEvent } from 'react';
import { api, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { ClusterOptions } from '../../components/ClusterOptions.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { ExplanationView } from '../../components/ExplanationView.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { parseDanishAmount } from '../../../core/money.ts';
import { date, decimal, integer, kr, percent, wholeKr } from '../../lib/format.ts';
import { resourceKey, useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { canEditCluster, ownClusterId, useSession } from '../../lib/session.ts';
import type { RegisterData } from '../../lib/register-data.ts';
import { Field } from '../../components/Field.tsx';
import { DateInput } from '../../components/DateInput.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

type CoFinancingView = ApiResponse<'/api/clusters/{clusterId}/years/{year}/secretariat-cofinancing'>;
type CoFinancingRowView = CoFinancingView['rows'][number];
type DecisionAnswer = ApiResponse<'/api/clusters/{clusterId}/years/{year}/secretariat-cofinancing/decision'>;
/** The decided co-financing of a cluster-year (stored, downloadable). */
type CoFinancingRecord = NonNullable<DecisionAnswer['record']>;

/** Seed 003: ½ FTE (årsværk) in Planområde Syd = 370.000 kr. */
const DEFAULT_COST = '370.000';

function asNumber(v: CoFinancingRowView['basis']): number {
  return Number(v.num) / Number(v.den);
}

/** The secretariat co-financing table of a cluster (objektiv medfinansiering). */
export function CofinancingPage(props: { clusterId: string | undefined; year: string | undefined }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const clusterFieldId = useId();
  const costFieldId = useId();
  const costHintId = useId();
  const [years, setYears] = useState<number[] | null>(null);
  const year = years ? pickYear(props.year, years) : null;
  const register = useLoad(() => (year === null ? Promise.resolve(null) : api<RegisterData>(`/api/years/${year}/register`)), ['years', String(year), 'register']);
  const clusters = register.data?.regions.flatMap((r) => r.clusters.map((c) => ({ ...c, region: r.name }))) ?? [];
  const clusterId = props.clusterId ?? ownClusterId(user) ?? clusters[0]?.id ?? null;
  const [cost, setCost] = useState(DEFAULT_COST);
  const [result, setResult] = useState<CoFinancingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [explaining, setExplaining] = useState<CoFinancingRowView | null>(null);
  const decisionUrl = clusterId !== null && year !== null ? `/api/clusters/${encodeURIComponent(clusterId)}/years/${year}/secretariat-cofinancing/decision` : null;
  const decided = useLoad(() => (decisionUrl === null ? Promise.resolve({ record: null }) : api<DecisionAnswer>(decisionUrl)), decisionUrl === null ? ['idle', 'cofinancing-decision'] : resourceKey(decisionUrl));
  const record = decided.data?.record ?? null;
  const editable = user !== null && clusterId !== null && canEditCluster(user, clusterId);

  function calculate(event: FormEvent) {
    event.preventDefault();
    if (clusterId === null || year === null) return;
    setError(null);
    let costOre: number;
    try {
      costOre = parseDanishAmount(cost);
    } catch (e) {
      setError(e instanceof Error ? e.message : errorMessage(e));
      return;
    }
    setBusy(true);
    api<CoFinancingView>(`/api/clusters/${encodeURIComponent(clusterId)}/years/${year}/secretariat-cofinancing?costOre=${costOre}`)
      .then(setResult, (e: unknown) => {
        setResult(null);
        setError(errorMessage(e));
      })
      .finally(() => setBusy(false));
  }

  const clusterName = (id: string) => clusters.find((c) => c.id === id)?.name ?? id;
  const sumOre = result?.rows.reduce((s, r) => s + r.ore, 0) ?? 0;
  const sumBasis = result?.rows.reduce((s, r) => s + asNumber(r.basis), 0) ?? 0;

  return (
    <>
      <h1>{t('cofinancing.title')}</h1>
      <p>{t('cofinancing.intro')}</p>
      <YearSelect value={year} onChange={(y) => navigate(href('cofinancing', clusterId ?? '', y))} onLoaded={setYears} />
      {register.loading ? <Loading /> : null}
      <ErrorAlert message={register.error} />
      <form onSubmit={calculate} className="cofinancing-form">
        <div className="form-group">
          <label className="form-label" htmlFor={clusterFieldId}>
            {t('cofinancing.cluster')}
          </label>
          <select
            className="form-select"
            id={clusterFieldId}
            value={clusterId ?? ''}
            onChange={(e) => {
              setResult(null);
              navigate(href('cofinancing', e.target.value, year ?? ''));
            }}
          >
            <ClusterOptions register={register.data} />
          </select>
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor={costFieldId}>
            {t('cofinancing.cost')}
          </label>
          <span className="form-hint" id={costHintId}>
            {t('cofinancing.costHint')}
          </span>
          <input className="form-input input-width-s" id={costFieldId} inputMode="decimal" aria-describedby={costHintId} value={cost} onChange={(e) => setCost(e.target.value)} />
        </div>
        <button type="submit" className="button button-primary" disabled={busy || clusterId === null}>
          {t('cofinancing.calculate')}
        </button>
      </form>
      <ErrorAlert message={error} />
      {result ? (
        <ScrollRegion>
          <table className="table table--zebra cofinancing-table">
            <caption>{t('cofinancing.caption', { cost: kr(result.costOre), cluster: clusterName(result.clusterId), year: result.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('register.municipality')}</th>
                <th scope="col" className="numeric">{t('allocation.population')}</th>
                <th scope="col">{t('cofinancing.basisNote')}</th>
                <th scope="col" className="numeric">{t('cofinancing.share')}</th>
                <th scope="col" className="numeric">{t('cofinancing.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.municipalityCode}>
                  <th scope="row">{row.municipalityName}</th>
                  <td className="numeric">{basisText(asNumber(row.basis))}</td>
                  <td>{row.basisNote}</td>
                  <td className="numeric">{percent(asNumber(row.share))}</td>
                  <td className="numeric">
                    {row.explanation ? (
                      <button
                        type="button"
                        className="function-link amount"
                        aria-label={t('allocation.explainButton', { amount: wholeKr(row.ore), column: t('cofinancing.amount'), area: row.municipalityName })}
                        onClick={() => setExplaining(row)}
                      >
                        {wholeKr(row.ore)}
                      </button>
                    ) : (
                      wholeKr(row.ore)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('cofinancing.sum')}</th>
                <td className="numeric">{basisText(sumBasis)}</td>
                <td />
                <td className="numeric">{percent(1)}</td>
                <td className="numeric">{wholeKr(sumOre)}</td>
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      ) : null}
      {result && editable ? <DecideForm result={result} version={record?.version ?? 0} onSaved={decided.reload} /> : null}
      {record ? <DecidedRecord record={record} url={decisionUrl ?? ''} /> : null}
      {explaining ? (
        <Dialog title={t('explain.title', { column: t('cofinancing.amount'), area: explaining.municipalityName })} onClose={() => setExplaining(null)}>
          <p className="explain-amount">
            <strong>{wholeKr(explaining.ore)} kr.</strong>
          </p>
          <ExplanationView explanation={explaining.explanation} />
        </Dialog>
      ) : null}
    </>
  );
}

/** A population basis: whole (287.181) or weighted (20.691 = ½ × 41.382) — shown with a decimal only when needed. */
function basisText(n: number): string {
  return Number.isInteger(n) ? integer(n) : decimal(n, 1);
}

/** Saves the shown result as the cluster-year's decided co-financing (seed 003: a decided split). */
function DecideForm(props: { result: CoFinancingView; version: number; onSaved: () => void }) {
  const { t } = useI18n();
  const [reference, setReference] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const r = props.result;
  function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(null);
    api(`/api/clusters/${encodeURIComponent(r.clusterId)}/years/${r.year}/secretariat-cofinancing/decision`, {
      method: 'PUT',
      json: { version: props.version, costOre: r.costOre, decisionReference: reference, decidedOn },
    }).then(
      () => {
        setSaved(t('cofinancing.saved'));
        props.onSaved();
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }
  return (
    <form onSubmit={save} className="cofinancing-decide no-print">
      <h2>{t('cofinancing.decideTitle')}</h2>
      <p>{t('cofinancing.decideIntro', { cost: kr(r.costOre), year: r.year })}</p>
      <ErrorAlert message={error} />
      <SuccessAlert message={saved} />
      <div className="filter-row">
        <Field label={t('cofinancing.decisionReference')} hint={t('cofinancing.decisionReferenceHint')}>
          {(id, hintId) => <input className="form-input" id={id} aria-describedby={hintId} value={reference} onChange={(e) => setReference(e.target.value)} />}
        </Field>
        <Field label={t('cofinancing.decidedOn')}>{(id, describedBy) => <DateInput id={id} describedBy={describedBy} value={decidedOn} onChange={setDecidedOn} />}</Field>
      </div>
      <button type="submit" className="button button-primary">
        {t('cofinancing.save')}
      </button>
    </form>
  );
}

const fraction = (f: string): number => {
  const [n = '0', d = '1'] = f.split('/');
  return Number(n) / Number(d);
};

/** The decided record: what was decided, the result with how each municipality counts, downloads and print. */
function DecidedRecord(props: { record: CoFinancingRecord; url: string }) {
  const { t } = useI18n();
  const r = props.record;
  return (
    <section className="cofinancing-record" aria-labelledby="cofinancing-record">
      <h2 id="cofinancing-record">{t('cofinancing.recordTitle', { cluster: r.clusterName, year: r.year })}</h2>
      <dl className="explanation">
        <div className="explanation-item">
          <dt>{t('cofinancing.cost')}</dt>
          <dd>{kr(r.costOre)}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('cofinancing.decisionReference')}</dt>
          <dd>
            {r.decisionReference} ({date(r.decidedOn)})
          </dd>
        </div>
        <div className="explanation-item">
          <dt>{t('cofinancing.population')}</dt>
          <dd>{r.populationPeriod}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('cofinancing.savedBy')}</dt>
          <dd>
            {r.updatedBy}, {date(r.updatedAt.slice(0, 10))}
          </dd>
        </div>
      </dl>
      <ScrollRegion>
        <table className="table table--zebra cofinancing-record-table">
          <caption>{t('cofinancing.caption', { cost: kr(r.costOre), cluster: r.clusterName, year: r.year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('register.municipality')}</th>
              <th scope="col" className="numeric">{t('allocation.population')}</th>
              <th scope="col">{t('cofinancing.basisNote')}</th>
              <th scope="col" className="numeric">{t('cofinancing.share')}</th>
              <th scope="col" className="numeric">{t('cofinancing.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {r.lines.map((l) => (
              <tr key={l.municipalityCode}>
                <th scope="row">{l.municipalityName}</th>
                <td className="numeric">{basisText(fraction(l.basis))}</td>
                <td>{l.basisNote}</td>
                <td className="numeric">{percent(fraction(l.share))}</td>
                <td className="numeric">{wholeKr(l.amountOre)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('cofinancing.sum')}</th>
              <td className="numeric">{basisText(r.lines.reduce((s, l) => s + fraction(l.basis), 0))}</td>
              <td />
              <td className="numeric">{percent(1)}</td>
              <td className="numeric">{wholeKr(r.lines.reduce((s, l) => s + l.amountOre, 0))}</td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
      <p className="no-print">
        <a className="button button-secondary" href={`${props.url}/export?format=xlsx`} download>
          {t('cofinancing.downloadXlsx')}
        </a>{' '}
        <a className="button button-secondary" href={`${props.url}/export?format=csv`} download>
          {t('cofinancing.downloadCsv')}
        </a>{' '}
        <button type="button" className="button button-tertiary" onClick={() => window.print()}>
          {t('cofinancing.print')}
        </button>
      </p>
    </section>
  );
}

