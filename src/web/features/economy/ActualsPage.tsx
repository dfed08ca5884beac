import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { parseAmount, parsePeriodField } from '../../lib/forms.ts';
import { useApiQuery } from '../../lib/query.ts';
import { href, navigate } from '../../lib/router.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { FormErrorSummary, LineErrors, useActingParties, useEconomyChanged, useEconomyLabels, useSubmit } from './common.tsx';
import { EditableGrid, type GridRow } from './EditableGrid.tsx';
import { ActualLines } from './EconomyLedger.tsx';
import { cellKey } from './forecast.ts';
import { useText } from './text.ts';
import type { EconomyData, InitiativeData, Rights } from './types.ts';

/** Forbrug: actuals typed for an initiative, imported from a file, and every line of the year. */
export function ActualsPage(props: { data: EconomyData; rights: Rights; initiativeId: string | null }) {
  const { data, rights } = props;
  const open = data.state.status === 'open';
  return (
    <>
      {rights.canRecord && open ? <ActualsEntry data={data} initiativeId={props.initiativeId} /> : null}
      {rights.canRecord && open ? <ActualsUpload data={data} canReplace={rights.canEdit} /> : null}
      <ActualLines data={data} canCorrect={rights.canCorrect} />
    </>
  );
}

/** Typed actuals for one approved or running initiative, as a grid (pasting from Excel works). */
function ActualsEntry(props: { data: EconomyData; initiativeId: string | null }) {
  const x = useText();
  const { data } = props;
  const pickId = useId();
  // Actuals are recorded only on initiatives that were approved (the server refuses others).
  const recordable = data.initiatives.filter((i) => i.status === 'approved' || i.status === 'running');
  const chosen = recordable.find((i) => i.id === props.initiativeId)?.id ?? recordable[0]?.id ?? null;
  return (
    <section className="economy-section" aria-labelledby="actuals-entry-title">
      <h2 id="actuals-entry-title">{x('actualsEntry')}</h2>
      {recordable.length === 0 ? (
        <p>{x('noRecordable')}</p>
      ) : (
        <>
          <div className="form-group">
            <label className="form-label" htmlFor={pickId}>
              {x('initiative')}
            </label>
            <select className="form-select" id={pickId} value={chosen ?? ''} onChange={(ev) => navigate(href('economy', data.clusterId, data.year, 'actuals', ev.target.value))}>
              {recordable.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
          </div>
          {chosen !== null ? <ActualsForm key={chosen} data={data} initiativeId={chosen} /> : null}
        </>
      )}
    </section>
  );
}

function ActualsForm(props: { data: EconomyData; initiativeId: string }) {
  const x = useText();
  const labels = useEconomyLabels(props.data);
  const { lang } = useI18n();
  const { data } = props;
  const initiative = useApiQuery<InitiativeData>(`/api/initiatives/${props.initiativeId}`);
  const changed = useEconomyChanged(data);
  const [rows, setRows] = useState<GridRow[] | null>(null);
  const submit = useSubmit();
  const acting = useActingParties(data);
  const i = initiative.data;
  if (initiative.isPending || acting === null) return <Loading />;
  if (!i) return <ErrorAlert message={initiative.error ? initiative.error.message : null} />;
  const emptyActual = (): GridRow => ({ party: acting.find((p) => i.executingParties.includes(p.id))?.id ?? '', period: `${String(data.year)}-01`, amount: '', category: 'development', funding: 'common', text: '' });
  const shown = rows ?? [emptyActual()];
  // Only the executing parties the user may record for (a finance officer: their own).
  const executingParties = acting.filter((p) => i.executingParties.includes(p.id));
  const save = (ev: FormEvent) => {
    ev.preventDefault();
    submit.run(
      (f) =>
        shown.map((r, n) => ({
          initiativeId: i.id,
          party: r['party'],
          period: f.take(cellKey('actuals', n, 'period'), parsePeriodField(r['period'] ?? '', lang)),
          // A refund is a negative line.
          amountOre: f.take(cellKey('actuals', n, 'amount'), parseAmount(r['amount'] ?? '', lang, { allowNegative: true })),
          category: r['category'],
          funding: r['funding'],
          text: r['text'] ?? '',
        })),
      async (lines) => {
        const res = await api<ApiResponse<'/api/clusters/{clusterId}/actuals', 'post'>>(`/api/clusters/${encodeURIComponent(data.clusterId)}/actuals`, { method: 'POST', json: { lines } });
        setRows(null);
        await changed();
        return x('actualsSaved', { count: res.count });
      },
    );
  };
  return (
    <form onSubmit={save} aria-label={x('actualsFor', { title: i.title })} className="actuals-form" noValidate>
      <p className="form-hint">{x('forecastHint')}</p>
      <EditableGrid
        caption={x('actualsFor', { title: i.title })}
        columns={[
          { key: 'text', label: x('text'), width: '18rem' },
          { key: 'party', label: x('party'), width: '15rem', options: executingParties.map((p) => ({ value: p.id, label: p.name })) },
          { key: 'period', label: x('period'), width: '9rem' },
          { key: 'amount', label: x('amount'), numeric: true, width: '13rem' },
          { key: 'category', label: x('category'), width: '15rem', options: labels.options('category') },
          { key: 'funding', label: x('funding'), width: '15rem', options: labels.options('funding') },
        ]}
        rows={shown}
        onChange={setRows}
        emptyRow={emptyActual}
        addLabel={x('addLine')}
        removeLabel={x('remove')}
        rowLabel={(n) => x('row', { n: n + 1 })}
        errors={submit.fields}
        errorKey={(r, c) => cellKey('actuals', r, c)}
      />
      <FormErrorSummary count={Object.keys(submit.fields).length} x={x} />
      <ErrorAlert message={submit.error} />
      <LineErrors errors={submit.lineErrors} />
      <SuccessAlert message={submit.done} />
      <button type="submit" className="button button-primary" disabled={submit.busy}>
        {x('saveActuals')}
      </button>
    </form>
  );
}

/** Actuals from a file: a ledger extract (CSV, appended) or the edited workbook (replaces the year). */
function ActualsUpload(props: { data: EconomyData; canReplace: boolean }) {
  const x = useText();
  const { data } = props;
  const changed = useEconomyChanged(data);
  const csvId = useId();
  const csvHint = useId();
  const xlsxId = useId();
  const submit = useSubmit();
  const [csv, setCsv] = useState<File | null>(null);
  const [xlsx, setXlsx] = useState<File | null>(null);
  /** The server's question when the extract (or some of its lines) was imported before. */
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const base = `/api/clusters/${encodeURIComponent(data.clusterId)}`;
  const upload = (confirmDuplicates: boolean) => {
    submit.run(() => null, async () => {
      let count = 0;
      setDuplicate(null);
      if (csv) {
        try {
          const res = await api<ApiResponse<'/api/clusters/{clusterId}/actuals/import', 'post'>>(`${base}/actuals/import?filename=${encodeURIComponent(csv.name)}${confirmDuplicates ? '&confirmDuplicates=true' : ''}`, { method: 'POST', body: await csv.text(), contentType: 'text/csv' });
          count += res.count;
        } catch (err) {
          if (err instanceof ApiError && (err.problem.code === 'conflict.actuals-file-again' || err.problem.code === 'conflict.actuals-lines-again')) setDuplicate(err.message);
          throw err;
        }
      }
      if (xlsx) {
        const res = await api<ApiResponse<'/api/clusters/{clusterId}/economy/{year}/workbook-actuals', 'post'>>(`${base}/economy/${String(data.year)}/workbook-actuals`, { method: 'POST', body: await xlsx.arrayBuffer(), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
        count += res.count;
      }
      await changed();
      return x('imported', { count });
    });
  };
  const send = (ev: FormEvent) => {
    ev.preventDefault();
    upload(false);
  };
  return (
    <section className="economy-section" aria-labelledby="upload-title">
      <h2 id="upload-title">{x('upload')}</h2>
      <form onSubmit={send}>
        <div className="form-group">
          <label className="form-label" htmlFor={csvId}>
            {x('uploadCsv')}
          </label>
          <span className="form-hint" id={csvHint}>
            {x('uploadCsvHint')}
          </span>
          <input type="file" id={csvId} aria-describedby={csvHint} accept=".csv,text/csv" onChange={(ev) => setCsv(ev.target.files?.[0] ?? null)} />
        </div>
        {props.canReplace ? (
          <div className="form-group">
            <label className="form-label" htmlFor={xlsxId}>
              {x('uploadXlsx')}
            </label>
            <input type="file" id={xlsxId} accept=".xlsx" onChange={(ev) => setXlsx(ev.target.files?.[0] ?? null)} />
          </div>
        ) : null}
        <button type="submit" className="button button-secondary" disabled={submit.busy || (csv === null && xlsx === null)}>
          {x('read')}
        </button>
      </form>
      {duplicate === null ? <ErrorAlert message={submit.error} /> : null}
      <LineErrors errors={submit.lineErrors} />
      {duplicate !== null ? (
        <div className="alert alert-warning" role="alert">
          <div className="alert-body">
            <p className="alert-text">{duplicate}</p>
            <button type="button" className="button button-secondary" disabled={submit.busy} onClick={() => upload(true)}>
              {x('importAnyway')}
            </button>
          </div>
        </div>
      ) : null}
      <SuccessAlert message={submit.done} />
    </section>
  );
}

