import { useState, type FormEvent } from 'react';
import { api, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { Field } from '../../components/Field.tsx';
import { kr } from '../../lib/format.ts';
import { parseDate, parseRequired, parsePeriodField, type FieldErrors } from '../../lib/forms.ts';
import { useApiQuery } from '../../lib/query.ts';
import { href, navigate } from '../../lib/router.ts';
import { useI18n, type Lang } from '../../lib/text/i18n.ts';
import { FormErrorSummary, LineErrors, partyName, useEconomyChanged, useEconomyLabels, useSubmit } from './common.tsx';
import { EditableGrid, type GridRow } from './EditableGrid.tsx';
import { cellKey, costLineOf, forecastColumns, gridRowOf, liveLineCost } from './forecast.ts';
import { useText } from './text.ts';
import type { EconomyData, InitiativeData, Rights } from './types.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

/** Indsatser: the cluster's initiatives, a new one with its forecast, and the chosen one's approval and revisions. */
export function InitiativesPage(props: { data: EconomyData; rights: Rights; selected: string | null }) {
  const x = useText();
  const labels = useEconomyLabels(props.data);
  const { data, rights } = props;
  const [creating, setCreating] = useState(false);
  const link = (id: string) => href('economy', data.clusterId, data.year, 'initiatives', id);
  return (
    <section className="economy-section" aria-labelledby="initiatives-title">
      <h2 id="initiatives-title" className="sr-only">
        {x('initiatives')}
      </h2>
      {data.initiatives.length > 0 ? (
        <ScrollRegion>
          <table className="table table--zebra table--compact initiatives-table">
            <caption>{x('initiatives')}</caption>
            <thead>
              <tr>
                <th scope="col">{x('titleField')}</th>
                <th scope="col">{x('status')}</th>
                <th scope="col" className="numeric">
                  {x('forecastTotal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.initiatives.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <a href={link(i.id)} aria-label={x('open', { title: i.title })} aria-current={i.id === props.selected ? 'page' : undefined}>
                      {i.title}
                    </a>
                  </th>
                  <td>{labels.label('status', i.status)}</td>
                  <td className="numeric">{kr(i.forecastTotalOre)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p>{x('noInitiatives', { year: data.year })}</p>
      )}
      {rights.canEdit && !creating && data.state.status === 'open' ? (
        <button type="button" className="button button-secondary" onClick={() => setCreating(true)}>
          {x('newInitiative')}
        </button>
      ) : null}
      {creating ? (
        <NewInitiative
          data={data}
          onCancel={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(link(id));
          }}
        />
      ) : null}
      {props.selected ? <InitiativePanel key={props.selected} id={props.selected} data={data} canEdit={rights.canEdit} /> : null}
    </section>
  );
}

/**
 * The forecast grid with each line's cost and the running total computed while typing (the
 * server computes the same by the same core rule when it is saved).
 */
function ForecastGrid(props: { data: EconomyData; rows: GridRow[]; onChange: (rows: GridRow[]) => void; emptyRow: () => GridRow; errors: Record<string, string> }) {
  const x = useText();
  const labels = useEconomyLabels(props.data);
  const costs = props.rows.map(liveLineCost);
  const running = costs.reduce<(number | null)[]>((acc, c) => {
    const before = acc.length === 0 ? 0 : acc[acc.length - 1];
    acc.push(c === null || before === null || before === undefined ? null : before + c);
    return acc;
  }, []);
  const shown = (v: number | null | undefined) => (v === null || v === undefined ? '–' : kr(v));
  const total = running.at(-1);
  return (
    <EditableGrid
      caption={x('forecast')}
      columns={forecastColumns(x, props.data, labels)}
      rows={props.rows}
      onChange={props.onChange}
      emptyRow={props.emptyRow}
      addLabel={x('addLine')}
      removeLabel={x('remove')}
      rowLabel={(i) => x('row', { n: i + 1 })}
      computed={[
        { label: x('cost'), value: (_, i) => shown(costs[i]) },
        { label: x('runningTotal'), value: (_, i) => shown(running[i]) },
      ]}
      footer={{ label: x('forecastTotal'), values: [shown(total)] }}
      errors={props.errors}
      errorKey={(r, c) => cellKey('forecast', r, c)}
    />
  );
}

function parseLines(rows: readonly GridRow[], f: FieldErrors, lang: Lang): Record<string, unknown>[] {
  return rows.map((r, i) => costLineOf(r, i, f, lang));
}

function NewInitiative(props: { data: EconomyData; onCreated: (id: string) => void; onCancel: () => void }) {
  const x = useText();
  const labels = useEconomyLabels(props.data);
  const { lang } = useI18n();
  const { data } = props;
  const changed = useEconomyChanged(data);
  const firstMunicipality = data.parties.find((p) => p.kind === 'municipality')?.id ?? '';
  const [executing, setExecutingState] = useState(firstMunicipality);
  const emptyLine = (): GridRow => ({ kind: 'salary', description: '', year: String(data.year), party: executing, category: 'development', funding: 'common', rate: '', quantity: '', months: '', agreement: '' });
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [targetGroup, setTargetGroup] = useState('chronic-illness');
  const [from, setFrom] = useState(`${String(data.year)}-01`);
  const [to, setTo] = useState(`${String(data.year)}-12`);
  const [lines, setLines] = useState<GridRow[]>([emptyLine()]);
  const [agreed, setAgreed] = useState(false);
  const [shares, setShares] = useState<Record<string, string>>({});
  const [sharesDecision, setSharesDecision] = useState('');
  const [municipalFunction, setMunicipalFunction] = useState('4.62.88');
  const [regionalAccount, setRegionalAccount] = useState('');
  // Lines of the executing party follow it when it is changed (a line must be the executor's cost).
  const setExecuting = (next: string): void => {
    setLines(lines.map((l) => (l['party'] === executing ? { ...l, party: next } : l)));
    setExecutingState(next);
  };
  const submit = useSubmit();
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    submit.run(
      (f) => ({
        title: f.take('title', parseRequired(title, lang)),
        from: f.take('from', parsePeriodField(from, lang)),
        to: f.take('to', parsePeriodField(to, lang)),
        lines: parseLines(lines, f, lang),
      }),
      async (v) => {
        const created = await api<ApiResponse<'/api/clusters/{clusterId}/initiatives', 'post'>>(`/api/clusters/${encodeURIComponent(data.clusterId)}/initiatives`, {
          method: 'POST',
          json: {
            title: v.title,
            description,
            targetGroup,
            startPeriod: v.from,
            endPeriod: v.to,
            executingParties: [executing],
            lines: v.lines,
            municipalFunction,
            ...(regionalAccount.trim() !== '' ? { regionalAccount: regionalAccount.trim() } : {}),
            ...(agreed
              ? { agreedShares: { shares: Object.entries(shares).filter(([, s]) => s.trim() !== '' && s.trim() !== '0').map(([party, basis]) => ({ party, basis: basis.trim() })), decisionReference: sharesDecision } }
              : {}),
          },
        });
        await changed();
        props.onCreated(created.id);
        return x('saved');
      },
    );
  };
  const fe = submit.fields;
  return (
    <form onSubmit={onSubmit} aria-labelledby="new-initiative-title" className="new-initiative" noValidate>
      <h3 id="new-initiative-title">{x('newInitiative')}</h3>
      <Field label={x('titleField')} error={fe['title']}>
        {(id, describedBy, invalid) => <input className="form-input" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={title} onChange={(ev) => setTitle(ev.target.value)} />}
      </Field>
      <Field label={x('description')}>{(id) => <textarea className="form-input" id={id} value={description} onChange={(ev) => setDescription(ev.target.value)} />}</Field>
      <div className="economy-form">
        <Field label={x('targetGroup')}>
          {(id) => (
            <select className="form-select" id={id} value={targetGroup} onChange={(ev) => setTargetGroup(ev.target.value)}>
              {labels.options('targetGroup').map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={x('from')} hint={x('periodHint')} error={fe['from']}>
          {(id, describedBy, invalid) => <input className="form-input input-width-xs" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={from} onChange={(ev) => setFrom(ev.target.value)} />}
        </Field>
        <Field label={x('to')} hint={x('periodHint')} error={fe['to']}>
          {(id, describedBy, invalid) => <input className="form-input input-width-xs" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={to} onChange={(ev) => setTo(ev.target.value)} />}
        </Field>
        <Field label={x('executing')}>
          {(id) => (
            <select className="form-select" id={id} value={executing} onChange={(ev) => setExecuting(ev.target.value)}>
              {data.parties.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="shares">
        <legend className="form-label">{x('shares')}</legend>
        <div className="form-group-radio">
          <input className="form-radio" type="radio" id="shares-default" name="shares" checked={!agreed} onChange={() => setAgreed(false)} />
          <label className="form-label" htmlFor="shares-default">
            {x('sharesDefault')}
          </label>
        </div>
        <div className="form-group-radio">
          <input className="form-radio" type="radio" id="shares-agreed" name="shares" checked={agreed} onChange={() => setAgreed(true)} />
          <label className="form-label" htmlFor="shares-agreed">
            {x('sharesAgreed')}
          </label>
        </div>
        {agreed ? (
          <div className="economy-form">
            {data.parties.map((p) => (
              <Field key={p.id} label={`${p.name}: ${x('shareBasis')}`}>
                {(id) => <input className="form-input input-width-xs" id={id} value={shares[p.id] ?? ''} onChange={(ev) => setShares({ ...shares, [p.id]: ev.target.value })} />}
              </Field>
            ))}
            <Field label={x('sharesDecision')}>{(id) => <input className="form-input" id={id} value={sharesDecision} onChange={(ev) => setSharesDecision(ev.target.value)} />}</Field>
          </div>
        ) : null}
      </fieldset>
      <div className="economy-form">
        <Field label={x('municipalFunction')}>{(id) => <input className="form-input input-width-xs" id={id} value={municipalFunction} onChange={(ev) => setMunicipalFunction(ev.target.value)} />}</Field>
        <Field label={x('regionalAccount')} hint={x('regionalAccountHint')}>
          {(id, hint) => <input className="form-input input-width-s" id={id} aria-describedby={hint} value={regionalAccount} onChange={(ev) => setRegionalAccount(ev.target.value)} />}
        </Field>
      </div>
      <p className="form-hint">{x('forecastHint')}</p>
      <ForecastGrid data={data} rows={lines} onChange={setLines} emptyRow={emptyLine} errors={fe} />
      <FormErrorSummary count={Object.keys(fe).length} x={x} />
      <ErrorAlert message={submit.error} />
      <LineErrors errors={submit.lineErrors} />
      <button type="submit" className="button button-primary" disabled={submit.busy}>
        {x('create')}
      </button>{' '}
      <button type="button" className="button button-secondary" onClick={props.onCancel}>
        {x('cancel')}
      </button>
    </form>
  );
}

function InitiativePanel(props: { id: string; data: EconomyData; canEdit: boolean }) {
  const x = useText();
  const labels = useEconomyLabels(props.data);
  const { lang } = useI18n();
  const { data } = props;
  const initiative = useApiQuery<InitiativeData>(`/api/initiatives/${props.id}`);
  const changed = useEconomyChanged(data);
  const [date, setDate] = useState('');
  const [level, setLevel] = useState('political');
  const [meeting, setMeeting] = useState('');
  const firstExec = initiative.data?.executingParties[0] ?? '';
  const [editing, setEditing] = useState<GridRow[] | null>(null);
  const submit = useSubmit();
  const i = initiative.data;
  if (initiative.isPending) return <Loading />;
  if (!i) return <ErrorAlert message={initiative.error ? initiative.error.message : null} />;
  const approve = (ev: FormEvent) => {
    ev.preventDefault();
    submit.run(
      (f) => ({ date: f.take('date', parseDate(date, lang)), meeting: f.take('meeting', parseRequired(meeting, lang)) }),
      async (v) => {
        await api(`/api/initiatives/${i.id}/approve`, { method: 'POST', json: { version: i.version, date: v.date, level, meetingReference: v.meeting } });
        await changed();
        return x('saved');
      },
    );
  };
  const setStatus = (status: string) =>
    submit.run(
      () => null,
      async () => {
        await api(`/api/initiatives/${i.id}/status`, { method: 'POST', json: { version: i.version, status } });
        await changed();
        return x('saved');
      },
    );
  const saveForecast = (ev: FormEvent) => {
    ev.preventDefault();
    if (!editing) return;
    submit.run(
      (f) => parseLines(editing, f, lang),
      async (lines) => {
        await api(`/api/initiatives/${i.id}/forecast`, { method: 'PUT', json: { version: i.version, lines } });
        setEditing(null);
        await changed();
        return x('saved');
      },
    );
  };
  const changedSinceApproval = i.difference !== null && i.difference.lines.some((l) => l.change !== 'unchanged');
  const canRevise = props.canEdit && (i.status === 'approved' || i.status === 'running');
  const fe = submit.fields;
  return (
    <section className="economy-section initiative-panel" aria-labelledby="initiative-title">
      <h3 id="initiative-title">
        {i.title} – {labels.label('status', i.status)}
      </h3>
      <ScrollRegion>
        <table className="table table--compact forecast-lines">
          <caption>{x('forecast')}</caption>
          <thead>
            <tr>
              <th scope="col">{x('lineText')}</th>
              <th scope="col">{x('year')}</th>
              <th scope="col">{x('party')}</th>
              <th scope="col">{x('category')}</th>
              <th scope="col">{x('explanation')}</th>
              <th scope="col" className="numeric">
                {x('cost')}
              </th>
            </tr>
          </thead>
          <tbody>
            {i.lines.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.description}</th>
                <td>{l.year}</td>
                <td>{partyName(data, l.party)}</td>
                <td>
                  {labels.label('category', l.category)} ({labels.label('funding', l.funding)})
                </td>
                <td>{l.explanation}</td>
                <td className="numeric">{kr(l.costOre)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>
                {x('forecastTotal')}
              </th>
              <td className="numeric">
                <strong>{kr(i.lines.reduce((s, l) => s + l.costOre, 0))}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
      {changedSinceApproval && i.difference ? (
        <ScrollRegion>
          <table className="table table--compact forecast-difference">
            <caption>{x('changes')}</caption>
            <thead>
              <tr>
                <th scope="col">{x('lineText')}</th>
                <th scope="col">{x('year')}</th>
                <th scope="col" className="numeric">{x('approved')}</th>
                <th scope="col" className="numeric">{x('current')}</th>
                <th scope="col" className="numeric">{x('diff')}</th>
              </tr>
            </thead>
            <tbody>
              {i.difference.lines
                .filter((l) => l.change !== 'unchanged')
                .map((l) => (
                  <tr key={l.id}>
                    <th scope="row">{l.description}</th>
                    <td>{l.year}</td>
                    <td className="numeric">{kr(l.approved)}</td>
                    <td className="numeric">{kr(l.current)}</td>
                    <td className="numeric">{kr(l.difference)}</td>
                  </tr>
                ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {x('forecastTotal')}
                </th>
                <td className="numeric">{kr(i.difference.approvedTotal)}</td>
                <td className="numeric">{kr(i.difference.currentTotal)}</td>
                <td className="numeric">
                  <strong>{kr(i.difference.difference)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      ) : null}
      <ErrorAlert message={submit.error} />
      <LineErrors errors={submit.lineErrors} />
      <SuccessAlert message={submit.done} />
      {canRevise && editing === null ? (
        <button type="button" className="button button-secondary" onClick={() => setEditing(i.lines.map(gridRowOf))}>
          {x('editForecast')}
        </button>
      ) : null}
      {editing ? (
        <form onSubmit={saveForecast} aria-label={x('editForecast')} noValidate>
          <p className="form-hint">{x('forecastHint')}</p>
          <ForecastGrid
            data={data}
            rows={editing}
            onChange={setEditing}
            emptyRow={() => ({ kind: 'other', description: '', year: String(data.year), party: firstExec, category: 'development', funding: 'common', rate: '', quantity: '', months: '', agreement: '' })}
            errors={fe}
          />
          <FormErrorSummary count={Object.keys(fe).length} x={x} />
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {x('saveForecast')}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={() => setEditing(null)}>
            {x('cancel')}
          </button>
        </form>
      ) : null}
      {(props.canEdit && i.status === 'proposed') || (canRevise && changedSinceApproval) ? (
        <form className="economy-form" onSubmit={approve} aria-label={x('approveTitle')} noValidate>
          <Field label={x('date')} hint={x('dateHint')} error={fe['date']}>
            {(id, describedBy, invalid) => <input className="form-input input-width-s" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={date} onChange={(ev) => setDate(ev.target.value)} />}
          </Field>
          <Field label={x('level')}>
            {(id) => (
              <select className="form-select" id={id} value={level} onChange={(ev) => setLevel(ev.target.value)}>
                <option value="political">{x('political')}</option>
                <option value="professional">{x('professional')}</option>
              </select>
            )}
          </Field>
          <Field label={x('meeting')} hint={x('meetingHint')} error={fe['meeting']}>
            {(id, describedBy, invalid) => <input className="form-input" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={meeting} onChange={(ev) => setMeeting(ev.target.value)} />}
          </Field>
          <div className="form-group">
            <button type="submit" className="button button-primary" disabled={submit.busy}>
              {i.status === 'proposed' ? x('approve') : x('approveRevision')}
            </button>
          </div>
        </form>
      ) : null}
      {props.canEdit && i.status === 'approved' ? (
        <button type="button" className="button button-primary" onClick={() => setStatus('running')} disabled={submit.busy}>
          {x('start')}
        </button>
      ) : null}
      {i.status === 'running' || i.status === 'approved' ? (
        <p>
          <a className="function-link" href={href('economy', data.clusterId, data.year, 'actuals', i.id)}>
            {x('recordActualsFor', { title: i.title })}
          </a>
        </p>
      ) : null}
    </section>
  );
}
