import './key-figures.css';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type ApiResponse, type LineError } from '../../lib/api.ts';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { Field } from '../../components/Field.tsx';
import { LineChart } from './LineChart.tsx';
import { decimal, integer } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { canEditCluster, defaultClusterId, hasRole, isAdmin, useSession } from '../../lib/session.ts';
import { ClusterPicker } from '../../components/ClusterPicker.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

type Catalogue = ApiResponse<'/api/key-figures/indicators'>;
export type Indicator = Catalogue['indicators'][number];
type Theme = Indicator['theme'];
type Series = ApiResponse<'/api/clusters/{clusterId}/key-figures'>;
type National = ApiResponse<'/api/key-figures/national'>;
/** A cell as a reader may see it: the figure, "<5" (suppressed), or not available with the reason. */
type Cell = National['table']['country'];

/** A figure in the indicator's unit: whole persons for a count, one decimal for a rate. */
export function formatValue(indicator: Pick<Indicator, 'kind'>, value: number): string {
  return indicator.kind === 'count' ? integer(Math.round(value)) : decimal(value, 1);
}

/** A cell as the tables show it: the value, "<5", "skjult" or "ikke tilgængelig" (with the reason as a tooltip). */
function CellText(props: { cell: Cell; indicator: Indicator }) {
  const { t } = useI18n();
  const c = props.cell;
  if (c.status === 'value') return <>{formatValue(props.indicator, c.value)}</>;
  if (c.status === 'suppressed') {
    return c.reason === 'small' ? (
      <span className="kf-suppressed" title={t('kf.smallTitle')}>
        {t('kf.small')}
        <span className="sr-only"> ({t('kf.smallTitle')})</span>
      </span>
    ) : (
      <span className="kf-suppressed" title={t('kf.protectedTitle')}>
        {t('kf.protected')}
      </span>
    );
  }
  return (
    <span className="kf-na" title={c.reason}>
      {t('kf.notAvailable')}
    </span>
  );
}

const valueOf = (c: Cell): number | null => (c.status === 'value' ? c.value : null);

/** Key figures: a cluster's series against region and country with its target; all clusters for national readers; import for administrators. */
export function KeyFiguresPage(props: { indicatorId: string | undefined; clusterId: string | undefined }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const catalogue = useLoad(() => api<Catalogue>('/api/key-figures/indicators'), ['key-figures', 'indicators']);
  const indicators = catalogue.data?.indicators ?? [];
  const withData = indicators.filter((i) => i.periods.length > 0);
  const indicatorId = props.indicatorId ?? withData[0]?.id ?? 'population';
  const clusterId = props.clusterId ?? defaultClusterId(user);
  const indicator = indicators.find((i) => i.id === indicatorId);
  const national = hasRole(user, 'system-admin', 'national-reader');
  const go = (ind: string, cluster: string): void => navigate(href('key-figures', ind, cluster));
  const selectId = useId();

  return (
    <>
      <h1>{t('kf.title')}</h1>
      <p>{t('kf.intro')}</p>
      <ErrorAlert message={catalogue.error} />
      {catalogue.loading ? <Loading /> : null}
      <div className="kf-pickers">
        <div className="form-group">
          <label className="form-label" htmlFor={selectId}>
            {t('kf.indicator')}
          </label>
          <select className="form-select" id={selectId} value={indicatorId} onChange={(e) => go(e.target.value, clusterId)}>
            {(catalogue.data?.themes ?? []).map((th) => (
              <optgroup key={th.id} label={th.name}>
                {indicators
                  .filter((i) => i.theme === th.id)
                  .map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                      {i.periods.length === 0 ? ` ${t('kf.noFigures')}` : ''}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <ClusterPicker value={clusterId} onChange={(id) => go(indicatorId, id)} />
      </div>
      {indicator ? <ClusterSeries key={`${indicatorId}/${clusterId}`} indicator={indicator} clusterId={clusterId} editable={canEditCluster(user, clusterId)} /> : null}
      {indicator && national && indicator.periods.length > 0 ? <NationalTable key={indicatorId} indicator={indicator} /> : null}
      {isAdmin(user) ? <ImportSection onImported={catalogue.reload} /> : null}
      {catalogue.data ? <Catalogue themes={catalogue.data.themes} indicators={indicators} /> : null}
      {isAdmin(user) && catalogue.data ? <IndicatorForm themes={catalogue.data.themes} onSaved={catalogue.reload} /> : null}
    </>
  );
}

function progressText(t: ReturnType<typeof useI18n>['t'], indicator: Indicator, target: NonNullable<Series['target']>): string {
  const p = target.progress;
  const f = (v: number): string => formatValue(indicator, v);
  return t(`kf.progress.${p.status}` as MessageKey, {
    baseline: p.baseline ? f(p.baseline.value) : '',
    baselinePeriod: p.baseline?.period ?? '',
    latest: p.latest ? f(p.latest.value) : '',
    latestPeriod: p.latest?.period ?? '',
    remaining: p.remaining === null ? '' : f(Math.abs(p.remaining)),
  });
}

function ClusterSeries(props: { indicator: Indicator; clusterId: string; editable: boolean }) {
  const { t } = useI18n();
  const series = useLoad(() => api<Series>(`/api/clusters/${encodeURIComponent(props.clusterId)}/key-figures?indicator=${encodeURIComponent(props.indicator.id)}`), ['clusters', props.clusterId, 'key-figures', props.indicator.id]);
  const [saved, setSaved] = useState<string | null>(null);
  const s = series.data;
  const ind = props.indicator;
  if (series.loading && !s) return <Loading />;
  if (!s) return <ErrorAlert message={series.error} />;
  const latest = s.points.at(-1);
  const f = (c: Cell): string => (c.status === 'value' ? formatValue(ind, c.value) : c.status === 'suppressed' ? (c.reason === 'small' ? t('kf.small') : t('kf.protected')) : t('kf.notAvailable'));
  const targetValue = s.target ? Number(s.target.value.replace(/\./g, '').replace(',', '.')) : null;
  return (
    <section aria-labelledby="kf-series-heading" className="kf-series">
      <h2 id="kf-series-heading">{t('kf.seriesHeading', { indicator: ind.name, cluster: `${s.cluster} (${s.region})` })}</h2>
      <p className="kf-summary">{latest ? t('kf.summaryLatest', { period: latest.period, cluster: f(latest.cluster), region: s.region, regionValue: f(latest.region), country: f(latest.country) }) : t('kf.summaryNone')}</p>
      {s.target ? (
        <p className="kf-summary">
          {t('kf.targetText', { value: formatValue(ind, targetValue ?? 0), period: s.target.period })} {progressText(t, ind, s.target)}
        </p>
      ) : null}
      {s.points.length > 0 ? (
        <div className="kf-chart-and-table">
          <LineChart
            title={t('kf.chartTitle', { indicator: ind.name, cluster: s.cluster })}
            description={ind.kind === 'rate' ? t('kf.chartDescRate', { periods: s.points.length, unit: ind.unit }) : t('kf.chartDescCount', { indicator: ind.name, periods: s.points.length, unit: ind.unit })}
            labels={s.points.map((p) => p.period)}
            series={[
              { name: s.cluster, style: 'primary', values: s.points.map((p) => valueOf(p.cluster)) },
              ...(ind.kind === 'rate'
                ? [
                    { name: s.region, style: 'secondary' as const, values: s.points.map((p) => valueOf(p.region)) },
                    { name: t('kf.countryCol'), style: 'tertiary' as const, values: s.points.map((p) => valueOf(p.country)) },
                  ]
                : []),
            ]}
            target={s.target && targetValue !== null ? { label: t('kf.targetLine', { value: formatValue(ind, targetValue), period: s.target.period }), value: targetValue } : null}
            format={(v) => formatValue(ind, v)}
          />
          <ScrollRegion>
            <table className="table table--zebra table--compact kf-table">
              <caption>{t('kf.tableCaption', { indicator: ind.name, cluster: s.cluster, region: s.region, unit: ind.unit })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('kf.period')}</th>
                  <th scope="col" className="numeric">
                    {s.cluster}
                  </th>
                  <th scope="col" className="numeric">
                    {s.region}
                  </th>
                  <th scope="col" className="numeric">
                    {t('kf.countryCol')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.points.map((p) => (
                  <tr key={p.period}>
                    <th scope="row">{p.period}</th>
                    <td className="numeric">
                      <CellText cell={p.cluster} indicator={ind} />
                    </td>
                    <td className="numeric">
                      <CellText cell={p.region} indicator={ind} />
                    </td>
                    <td className="numeric">
                      <CellText cell={p.country} indicator={ind} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <p className="form-hint">{t('kf.legend')}</p>
          {s.points.some((p) => p.registerLabel.includes('(')) ? (
            <p className="form-hint">{[...new Set(s.points.filter((p) => p.registerLabel.includes('(')).map((p) => `${p.period}: ${p.registerLabel}`))].join('; ')}</p>
          ) : null}
          {s.points.some((p) => p.cluster.status === 'not-available') ? (
            <ul className="kf-reasons">
              {[...new Set(s.points.flatMap((p) => [p.cluster, p.region, p.country].flatMap((c) => (c.status === 'not-available' ? [`${p.period}: ${c.reason}`] : []))))].map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <p>{t('kf.noData')}</p>
      )}
      <details className="kf-theme">
        <summary>{t('kf.about')}</summary>
        <p>
          {ind.definition} {t('kf.unit')}: {ind.unit}. {t('kf.direction')}: {t(`kf.direction.${ind.direction}`)}. {t('kf.source')}: {ind.source}.
        </p>
        {s.sources.length > 0 ? (
          <>
            <p className="kf-sources-label">{t('kf.sources')}:</p>
            <ul className="kf-reasons">
              {s.sources.map((src) => (
                <li key={src}>{src}</li>
              ))}
            </ul>
          </>
        ) : null}
      </details>
      <h3>{t('kf.target')}</h3>
      {!s.target ? <p>{t('kf.targetNone')}</p> : null}
      <SuccessAlert message={saved} />
      {props.editable ? (
        <TargetForm
          indicator={ind}
          clusterId={props.clusterId}
          target={s.target}
          onSaved={() => {
            setSaved(t('kf.targetSaved'));
            series.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function TargetForm(props: { indicator: Indicator; clusterId: string; target: Series['target']; onSaved: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState(props.target?.value ?? '');
  const [period, setPeriod] = useState(props.target?.period ?? '');
  const [note, setNote] = useState(props.target?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    api(`/api/clusters/${encodeURIComponent(props.clusterId)}/key-figures/${encodeURIComponent(props.indicator.id)}/target`, { method: 'PUT', json: { value, period, note, version: props.target?.version ?? null } })
      .then(props.onSaved, (err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  }
  return (
    <form onSubmit={submit} className="kf-target-form">
      <ErrorAlert message={error} />
      <Field label={t('kf.targetValue')} hint={props.indicator.unit}>
        {(id, hint) => <input className="form-input input-width-xs" id={id} aria-describedby={hint} value={value} onChange={(e) => setValue(e.target.value)} required inputMode="decimal" />}
      </Field>
      <Field label={t('kf.targetPeriod')} hint="Fx 2025 eller 2025K1">
        {(id, hint) => <input className="form-input input-width-xs" id={id} aria-describedby={hint} value={period} onChange={(e) => setPeriod(e.target.value)} required />}
      </Field>
      <Field label={t('kf.targetNote')}>{(id) => <input className="form-input" id={id} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('kf.targetSave')}
      </button>
    </form>
  );
}

function NationalTable(props: { indicator: Indicator }) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<string | null>(null);
  const id = useId();
  const data = useLoad(() => api<National>(`/api/key-figures/national?indicator=${encodeURIComponent(props.indicator.id)}${period ? `&period=${encodeURIComponent(period)}` : ''}`), ['key-figures', 'national', props.indicator.id, period ?? '']);
  const n = data.data;
  const ind = props.indicator;
  return (
    <section aria-labelledby="kf-national-heading">
      <h2 id="kf-national-heading">{t('kf.nationalHeading')}</h2>
      <ErrorAlert message={data.error} />
      {n ? (
        <>
          <p>{t('kf.nationalIntro', { register: n.registerLabel })}</p>
          <div className="form-group">
            <label className="form-label" htmlFor={id}>
              {t('kf.period')}
            </label>
            <select className="form-select input-width-xs" id={id} value={n.period} onChange={(e) => setPeriod(e.target.value)}>
              {n.periods.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <ScrollRegion>
            <table className="table table--compact kf-table kf-national">
              <caption>{t('kf.nationalCaption', { indicator: ind.name, period: n.period, unit: ind.unit })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('kf.area')}</th>
                  <th scope="col" className="numeric">
                    {t('kf.value')}
                  </th>
                  {ind.kind === 'rate' ? (
                    <>
                      <th scope="col" className="numeric">
                        {t('kf.numerator')}
                      </th>
                      <th scope="col" className="numeric">
                        {t('kf.denominator')}
                      </th>
                    </>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {n.table.regions.map((r) => [
                  <NationalRow key={r.regionCode} name={r.name} cell={r.cell} indicator={ind} strong />,
                  ...r.clusters.map((c) => <NationalRow key={c.clusterId} name={c.name} cell={c.cell} indicator={ind} />),
                ])}
                <NationalRow name={t('kf.countryCol')} cell={n.table.country} indicator={ind} strong />
              </tbody>
            </table>
          </ScrollRegion>
          <p className="form-hint">{t('kf.legend')}</p>
        </>
      ) : data.loading ? (
        <Loading />
      ) : null}
    </section>
  );
}

function NationalRow(props: { name: string; cell: Cell; indicator: Indicator; strong?: boolean }) {
  const c = props.cell;
  return (
    <tr className={props.strong ? 'kf-row--total' : undefined}>
      <th scope="row" className={props.strong ? undefined : 'kf-indent'}>
        {props.name}
      </th>
      <td className="numeric">
        <CellText cell={c} indicator={props.indicator} />
      </td>
      {props.indicator.kind === 'rate' ? (
        <>
          <td className="numeric">{c.status === 'value' ? integer(c.numerator) : ''}</td>
          <td className="numeric">{c.status === 'value' && c.denominator !== null ? integer(c.denominator) : ''}</td>
        </>
      ) : null}
    </tr>
  );
}

type KeyFigurePreview = ApiResponse<'/api/key-figures/imports', 'post'>;

function ImportSection(props: { onImported: () => void }) {
  const { t } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<KeyFigurePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lineErrors, setLineErrors] = useState<LineError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  function upload(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setLineErrors([]);
    setDone(null);
    setPreview(null);
    const f = file.current?.files?.[0];
    if (!f) {
      setError(t('population.chooseFile'));
      return;
    }
    setBusy(true);
    f.text()
      .then((text) => api<KeyFigurePreview>(`/api/key-figures/imports?filename=${encodeURIComponent(f.name)}`, { method: 'POST', body: text, contentType: 'text/csv' }))
      .then(setPreview, (err: unknown) => {
        setError(errorMessage(err));
        if (err instanceof ApiError) setLineErrors(err.problem.errors ?? []);
      })
      .finally(() => setBusy(false));
  }
  function confirm() {
    if (!preview) return;
    setBusy(true);
    api<ApiResponse<'/api/key-figures/imports/{importId}/confirm', 'post'>>(`/api/key-figures/imports/${encodeURIComponent(preview.importId)}/confirm`, { method: 'POST' })
      .then(
        (r) => {
          setPreview(null);
          setDone(t('kf.confirmed', { rows: integer(r.rows) }));
          if (file.current) file.current.value = '';
          props.onImported();
        },
        (err: unknown) => setError(errorMessage(err)),
      )
      .finally(() => setBusy(false));
  }
  return (
    <section aria-labelledby="kf-import-heading" className="kf-import">
      <h2 id="kf-import-heading">{t('kf.import')}</h2>
      <p>{t('kf.importIntro')}</p>
      <form onSubmit={upload}>
        <Field label={t('kf.file')}>{(id) => <input className="form-file-input" type="file" id={id} ref={file} accept=".csv,text/csv,text/plain" />}</Field>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('kf.upload')}
        </button>
      </form>
      <SuccessAlert message={done} />
      <ErrorAlert message={error} />
      {lineErrors.length > 0 ? (
        <ScrollRegion>
          <table className="table table--zebra line-errors">
            <caption>{t('population.errors')}</caption>
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  {t('population.line')}
                </th>
                <th scope="col">{t('population.message')}</th>
              </tr>
            </thead>
            <tbody>
              {lineErrors.map((le, i) => (
                <tr key={`${String(le.line)}-${String(i)}`}>
                  <td className="numeric">{le.line}</td>
                  <td>{le.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {preview ? (
        <div className="kf-preview" role="status">
          <p>{t('kf.preview', { rows: integer(preview.rows), added: integer(preview.added), changed: integer(preview.changed) })}</p>
          <ul>
            {preview.indicators.map((i) => (
              <li key={i.id}>{t('kf.previewIndicator', { name: i.name, rows: integer(i.rows), periods: i.periods.join(', ') })}</li>
            ))}
          </ul>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={confirm} disabled={busy}>
              {t('kf.confirm')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setPreview(null)} disabled={busy}>
              {t('kf.discard')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Catalogue(props: { themes: { id: Theme; name: string }[]; indicators: Indicator[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="kf-catalogue-heading">
      <h2 id="kf-catalogue-heading">{t('kf.catalogue')}</h2>
      {props.themes.map((th) => (
        <details key={th.id} className="kf-theme">
          <summary>{th.name}</summary>
          <dl>
            {props.indicators
              .filter((i) => i.theme === th.id)
              .map((i) => (
                <div key={i.id} className="kf-indicator">
                  <dt>{i.name}</dt>
                  <dd>
                    {i.definition} {t('kf.unit')}: {i.unit}. {t('kf.direction')}: {t(`kf.direction.${i.direction}` as MessageKey)}. {t('kf.source')}: {i.source}.
                  </dd>
                </div>
              ))}
          </dl>
        </details>
      ))}
    </section>
  );
}

/** An administrator adds a key figure to the catalogue (the file import names it by id). */
function IndicatorForm(props: { themes: { id: Theme; name: string }[]; onSaved: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ id: '', name: '', theme: 'population' as Theme, kind: 'rate' as Indicator['kind'], per: 1000, unit: '', definition: '', source: '', direction: 'lower-better' as Indicator['direction'] });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const set = (patch: Partial<typeof f>): void => setF({ ...f, ...patch });
  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    const { id, ...body } = f;
    api(`/api/key-figures/indicators/${encodeURIComponent(id.trim())}`, { method: 'PUT', json: { ...body, per: body.kind === 'count' ? 1 : body.per } }).then(
      () => {
        setDone(t('kf.indicatorSaved'));
        props.onSaved();
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }
  return (
    <details className="kf-theme">
      <summary>{t('kf.newIndicator')}</summary>
      <form className="kf-target-form" onSubmit={submit}>
        <ErrorAlert message={error} />
        <SuccessAlert message={done} />
        <Field label={t('kf.indicatorId')}>{(id) => <input className="form-input" id={id} value={f.id} onChange={(e) => set({ id: e.target.value })} required pattern="[a-z0-9-]+" />}</Field>
        <Field label={t('kf.name')}>{(id) => <input className="form-input" id={id} value={f.name} onChange={(e) => set({ name: e.target.value })} required />}</Field>
        <Field label={t('kf.theme')}>
          {(id) => (
            <select className="form-select" id={id} value={f.theme} onChange={(e) => set({ theme: e.target.value as Theme })}>
              {props.themes.map((th) => (
                <option key={th.id} value={th.id}>
                  {th.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('kf.kind')}>
          {(id) => (
            <select className="form-select" id={id} value={f.kind} onChange={(e) => set({ kind: e.target.value as Indicator['kind'] })}>
              <option value="rate">{t('kf.kind.rate')}</option>
              <option value="count">{t('kf.kind.count')}</option>
            </select>
          )}
        </Field>
        {f.kind === 'rate' ? (
          <Field label={t('kf.per')}>
            {(id) => (
              <select className="form-select" id={id} value={f.per} onChange={(e) => set({ per: Number(e.target.value) })}>
                {[100, 1000, 100000].map((p) => (
                  <option key={p} value={p}>
                    {integer(p)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label={t('kf.unit')}>{(id) => <input className="form-input" id={id} value={f.unit} onChange={(e) => set({ unit: e.target.value })} required />}</Field>
        <Field label={t('kf.definition')}>{(id) => <textarea className="form-input" id={id} rows={3} value={f.definition} onChange={(e) => set({ definition: e.target.value })} required />}</Field>
        <Field label={t('kf.source')}>{(id) => <input className="form-input" id={id} value={f.source} onChange={(e) => set({ source: e.target.value })} required />}</Field>
        <Field label={t('kf.direction')}>
          {(id) => (
            <select className="form-select" id={id} value={f.direction} onChange={(e) => set({ direction: e.target.value as Indicator['direction'] })}>
              {(['lower-better', 'higher-better', 'neutral'] as const).map((d) => (
                <option key={d} value={d}>
                  {t(`kf.direction.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button button-primary">
          {t('kf.saveIndicator')}
        </button>
      </form>
    </details>
  );
}
