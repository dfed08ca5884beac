import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { Field } from '../../components/Field.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { kr } from '../../lib/format.ts';
import { parsePeriodField, parseRequired } from '../../lib/forms.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { partyName, useEconomyChanged, useSubmit } from './common.tsx';
import { SettlementRuns } from './EconomyLedger.tsx';
import { useText } from './text.ts';
import type { EconomyData, Rights, SettlementData } from './types.ts';

/** Afregninger: settle a period (with its posting files), and the year's runs with reversal. */
export function SettlementsPage(props: { data: EconomyData; rights: Rights }) {
  const { data, rights } = props;
  return (
    <>
      {rights.canEdit && data.state.status === 'open' ? <SettlementSection data={data} /> : null}
      <SettlementRuns data={data} canEdit={rights.canEdit} />
    </>
  );
}

function SettlementSection(props: { data: EconomyData }) {
  const x = useText();
  const { lang } = useI18n();
  const { data } = props;
  const changed = useEconomyChanged(data);
  const [from, setFrom] = useState(`${String(data.year)}-01`);
  const [to, setTo] = useState(`${String(data.year)}-12`);
  const [result, setResult] = useState<SettlementData | null>(null);
  /** The server's refusal of unconfirmed overspending: settling then needs a reason. */
  const [overspend, setOverspend] = useState<string | null>(null);
  const [overspendReason, setOverspendReason] = useState('');
  const submit = useSubmit();
  const settle = (reason?: string) => {
    submit.run(
      (f) => ({ from: f.take('from', parsePeriodField(from, lang)), to: f.take('to', parsePeriodField(to, lang)), reason: reason === undefined ? undefined : f.take('overspendReason', parseRequired(reason, lang)) }),
      async (v) => {
      try {
        const res = await api<SettlementData>(`/api/clusters/${encodeURIComponent(data.clusterId)}/settlements`, { method: 'POST', json: { from: v.from, to: v.to, ...(v.reason !== undefined ? { overspendReason: v.reason } : {}) } });
        setResult(res);
        setOverspend(null);
        await changed();
        return res.existing ? x('alreadySettled', { id: res.id }) : x('settled', { id: res.id });
      } catch (err) {
        if (err instanceof ApiError && err.problem.code === 'settlement.overspend-unconfirmed') setOverspend(err.message);
        throw err;
      }
    });
  };
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    settle();
  };
  return (
    <section className="economy-section" aria-labelledby="settlement-title">
      <h2 id="settlement-title">{x('settlement')}</h2>
      <form className="economy-form" onSubmit={onSubmit} noValidate>
        <Field label={x('from')} hint={x('periodHint')} error={submit.fields['from']}>
          {(id, describedBy, invalid) => <input className="form-input input-width-xs" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={from} onChange={(ev) => setFrom(ev.target.value)} />}
        </Field>
        <Field label={x('to')} hint={x('periodHint')} error={submit.fields['to']}>
          {(id, describedBy, invalid) => <input className="form-input input-width-xs" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={to} onChange={(ev) => setTo(ev.target.value)} />}
        </Field>
        <div className="form-group">
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {x('settle')}
          </button>
        </div>
      </form>
      {overspend === null ? <ErrorAlert message={submit.error} /> : null}
      <SuccessAlert message={submit.done} />
      {overspend !== null ? (
        <form
          className="economy-form overspend-confirm"
          aria-label={x('overspendConfirm')}
          onSubmit={(ev) => {
            ev.preventDefault();
            settle(overspendReason);
          }}
        >
          <div className="alert alert-warning" role="alert">
            <div className="alert-body">
              <p className="alert-text">{overspend}</p>
            </div>
          </div>
          <Field label={x('overspendReason')} hint={x('overspendHint')} error={submit.fields['overspendReason']}>
            {(id, describedBy, invalid) => <input className="form-input" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={overspendReason} onChange={(ev) => setOverspendReason(ev.target.value)} />}
          </Field>
          <div className="form-group">
            <button type="submit" className="button button-primary" disabled={submit.busy}>
              {x('settleWithReason')}
            </button>
          </div>
        </form>
      ) : null}
      {result ? (
        <>
          <ScrollRegion>
            <table className="table table--zebra table--compact obligations-table">
              <caption>
                {x('settlement')} {from}–{to}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{x('payer')}</th>
                  <th scope="col">{x('to_')}</th>
                  <th scope="col" className="numeric">
                    {x('owes')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.settlement.obligations.map((o) => (
                  <tr key={`${o.payer}-${o.executing}`}>
                    <th scope="row">{partyName(data, o.payer)}</th>
                    <td>{partyName(data, o.executing)}</td>
                    <td className="numeric">{kr(o.amountOre)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <ScrollRegion>
            <table className="table table--compact posting-files">
              <caption>{x('postingFiles')}</caption>
              <thead>
                <tr>
                  <th scope="col">{x('party')}</th>
                  <th scope="col" className="numeric">
                    {x('lines')}
                  </th>
                  <th scope="col" className="numeric">
                    {x('controlTotal')}
                  </th>
                  <th scope="col">{x('download')}</th>
                </tr>
              </thead>
              <tbody>
                {result.settlement.files
                  .filter((f) => f.lineCount > 0)
                  .map((f) => (
                    <tr key={f.party}>
                      <th scope="row">{partyName(data, f.party)}</th>
                      <td className="numeric">{f.lineCount}</td>
                      <td className="numeric">{kr(f.controlTotalOre)}</td>
                      <td>
                        <a className="function-link" href={`/api/settlements/${result.id}/postings/${f.party}?format=csv`} download aria-label={`CSV: ${partyName(data, f.party)}`}>
                          CSV
                        </a>{' '}
                        <a className="function-link" href={`/api/settlements/${result.id}/postings/${f.party}?format=xlsx`} download aria-label={`Excel: ${partyName(data, f.party)}`}>
                          Excel
                        </a>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      ) : null}
    </section>
  );
}

