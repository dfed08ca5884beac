import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import { ErrorAlert, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { Field } from '../../components/Field.tsx';
import { kr } from '../../lib/format.ts';
import { parseAmount, parseRequired } from '../../lib/forms.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { partyName, PartyAmountFields, useEconomyChanged, useSubmit } from './common.tsx';
import { EconomyFundsBasis } from './EconomyFundsBasis.tsx';
import { LedgerWarnings } from './EconomyLedger.tsx';
import { useText } from './text.ts';
import type { BudgetRow, EconomyData, FundsRow, Rights } from './types.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

/** Midler: the funds per party, where they come from, budget against actuals, extra local funds, the workbook. */
export function FundsPage(props: { data: EconomyData; rights: Rights }) {
  const x = useText();
  const { data: e, rights } = props;
  return (
    <>
      {!e.allocated ? (
        <div className="alert alert-info" role="status">
          <div className="alert-body">
            <p className="alert-text">{x('notAllocated', { year: e.year })}</p>
          </div>
        </div>
      ) : null}
      <FundsTable data={e} />
      <LedgerWarnings data={e} />
      <p>
        <a className="function-link" href={`/api/clusters/${encodeURIComponent(e.clusterId)}/economy/${String(e.year)}/workbook`} download>
          {x('workbook')}
        </a>
      </p>
      {rights.canEdit && e.state.status === 'open' ? <ExtraFundsForm data={e} /> : null}
      <BudgetTable data={e} />
      <EconomyFundsBasis clusterId={e.clusterId} year={e.year} canEdit={rights.canEdit && e.state.status === 'open'} />
    </>
  );
}

function FundsTable(props: { data: EconomyData }) {
  const x = useText();
  const { data } = props;
  const cols: (keyof Omit<FundsRow, 'party'>)[] = ['contribution', 'extraLocal', 'carriedIn', 'available', 'committed', 'spent', 'remaining'];
  return (
    <ScrollRegion>
      <table className="table table--zebra table--compact funds-table">
        <caption>{x('funds', { year: data.year })} – {data.cluster}</caption>
        <thead>
          <tr>
            <th scope="col">{x('party')}</th>
            {cols.map((c) => (
              <th scope="col" className="numeric" key={c}>
                {x(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.funds.parties.map((r) => (
            <tr key={r.party}>
              <th scope="row">{partyName(data, r.party)}</th>
              {cols.map((c) => (
                <td className="numeric" key={c}>
                  {kr(r[c]).replace(' kr.', '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{x('total')}</th>
            {cols.map((c) => (
              <td className="numeric" key={c}>
                <strong>{kr(data.funds.cluster[c]).replace(' kr.', '')}</strong>
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  );
}

function BudgetTable(props: { data: EconomyData }) {
  const x = useText();
  const { data } = props;
  if (data.budgetVsActual.rows.length === 0) return null;
  const row = (r: BudgetRow, total: boolean) => (
    <tr key={r.initiativeId || 'total'}>
      <th scope="row">{total ? <strong>{x('total')}</strong> : r.title}</th>
      {[r.budgetCommon, r.actualCommon, r.differenceCommon, r.budgetOwn, r.actualOwn].map((v, i) => (
        <td className="numeric" key={i}>
          {total ? <strong>{kr(v).replace(' kr.', '')}</strong> : kr(v).replace(' kr.', '')}
        </td>
      ))}
    </tr>
  );
  return (
    <ScrollRegion>
      <table className="table table--zebra table--compact budget-table">
        <caption>{x('budgetVsActual', { year: data.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{x('titleField')}</th>
            <th scope="col" className="numeric">{x('budget')}</th>
            <th scope="col" className="numeric">{x('actual')}</th>
            <th scope="col" className="numeric">{x('diff')}</th>
            <th scope="col" className="numeric">{x('budgetOwn')}</th>
            <th scope="col" className="numeric">{x('actualOwn')}</th>
          </tr>
        </thead>
        <tbody>{data.budgetVsActual.rows.map((r) => row(r, false))}</tbody>
        <tfoot>{row(data.budgetVsActual.total, true)}</tfoot>
      </table>
    </ScrollRegion>
  );
}


function ExtraFundsForm(props: { data: EconomyData }) {
  const x = useText();
  const { lang } = useI18n();
  const { data } = props;
  const changed = useEconomyChanged(data);
  const [party, setParty] = useState(data.parties[0]?.id ?? '');
  const [amount, setAmount] = useState('');
  const [decision, setDecision] = useState('');
  const submit = useSubmit();
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    submit.run(
      (f) => ({ amountOre: f.take('amount', parseAmount(amount, lang)), decision: f.take('decision', parseRequired(decision, lang)) }),
      async (v) => {
        await api(`/api/clusters/${encodeURIComponent(data.clusterId)}/economy/${String(data.year)}/extra-funds`, { method: 'POST', json: { party, amountOre: v.amountOre, decisionReference: v.decision } });
        await changed();
        setAmount('');
        return x('saved');
      },
    );
  };
  return (
    <section className="economy-section" aria-labelledby="extra-title">
      <h2 id="extra-title">{x('extraTitle')}</h2>
      <form className="economy-form" onSubmit={onSubmit} noValidate>
        <PartyAmountFields data={data} party={party} onParty={setParty} amount={amount} onAmount={setAmount} amountError={submit.fields['amount']} />
        <Field label={x('decision')} hint={x('decisionHint')} error={submit.fields['decision']}>
          {(id, describedBy, invalid) => <input className="form-input" id={id} aria-describedby={describedBy} aria-invalid={invalid} value={decision} onChange={(ev) => setDecision(ev.target.value)} />}
        </Field>
        <div className="form-group">
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {x('register')}
          </button>
        </div>
      </form>
      <ErrorAlert message={submit.error} />
      <SuccessAlert message={submit.done} />
    </section>
  );
}
