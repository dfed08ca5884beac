import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { ActionDialog } from '../../components/ActionDialog.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { ErrorAlert, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { kr } from '../../lib/format.ts';
import { parseAmount } from '../../lib/forms.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { partyName, PartyAmountFields, useEconomyChanged, useSubmit } from './common.tsx';
import { useText } from './text.ts';
import type { EconomyData, Rights } from './types.ts';

/** Årsafslutning: ceiling commitments, closing the year (after a confirmation), reopening (administrators). */
export function YearEndPage(props: { data: EconomyData; rights: Rights }) {
  const x = useText();
  const { lang } = useI18n();
  const { data, rights } = props;
  const changed = useEconomyChanged(data);
  const [party, setParty] = useState(data.parties[0]?.id ?? '');
  const [amount, setAmount] = useState('');
  const [confirming, setConfirming] = useState<'close' | 'reopen' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = useSubmit();
  const base = `/api/clusters/${encodeURIComponent(data.clusterId)}/economy/${String(data.year)}`;
  const afterConfirmed = async (message: string) => {
    setConfirming(null);
    setDone(message);
    await changed();
  };
  return (
    <section className="economy-section" aria-labelledby="year-end-title">
      <h2 id="year-end-title">{x('yearEnd')}</h2>
      <ErrorAlert message={submit.error} />
      <SuccessAlert message={submit.done ?? done} />
      {data.state.status === 'open' ? (
        <>
          <p>{x('commitmentHint')}</p>
          {data.commitments.length > 0 ? (
            <ul className="commitments">
              {data.commitments.map((c) => (
                <li key={c.party}>
                  {partyName(data, c.party)}: {kr(c.amountOre)} ({x('recordedBy')} {c.recordedBy})
                </li>
              ))}
            </ul>
          ) : null}
          {rights.canRecord ? (
            <form
              className="economy-form"
              aria-label={x('commitment')}
              noValidate
              onSubmit={(ev) => {
                ev.preventDefault();
                submit.run(
                  (f) => f.take('amount', parseAmount(amount, lang)),
                  async (amountOre) => {
                    await api(`${base}/commitments`, { method: 'POST', json: { party, amountOre } });
                    await changed();
                    return x('saved');
                  },
                );
              }}
            >
              <PartyAmountFields data={data} party={party} onParty={setParty} amount={amount} onAmount={setAmount} amountError={submit.fields['amount']} />
              <div className="form-group">
                <button type="submit" className="button button-secondary" disabled={submit.busy}>
                  {x('recordCommitment')}
                </button>
              </div>
            </form>
          ) : null}
          {rights.canEdit ? (
            // Apart from the commitment form above: closing the year is its own, irreversible step.
            <div className="year-close">
              <button type="button" className="button button-primary" disabled={submit.busy} onClick={() => setConfirming('close')}>
                {x('close', { year: data.year })}
              </button>
            </div>
          ) : null}
          {confirming === 'close' ? (
            <ActionDialog
              title={x('closeTitle', { year: data.year })}
              confirmLabel={x('close', { year: data.year })}
              send={() => api(`${base}/close`, { method: 'POST', json: {} })}
              onClose={() => setConfirming(null)}
              onDone={() => void afterConfirmed(x('closed', { year: data.year }))}
            >
              <p>{x('closeConsequence', { year: data.year, next: data.year + 1 })}</p>
              {data.commitments.length === 0 ? <p>{x('closeNoCommitments')}</p> : null}
            </ActionDialog>
          ) : null}
        </>
      ) : (
        <>
          <p>{x('closed', { year: data.year })}</p>
          <ScrollRegion>
            <table className="table table--zebra table--compact closing-table">
              <caption>{x('yearEnd')}</caption>
              <thead>
                <tr>
                  <th scope="col">{x('party')}</th>
                  <th scope="col" className="numeric">{x('available')}</th>
                  <th scope="col" className="numeric">{x('spent')}</th>
                  <th scope="col" className="numeric">{x('unused')}</th>
                  <th scope="col" className="numeric">{x('carried')}</th>
                  <th scope="col" className="numeric">{x('lapsed')}</th>
                </tr>
              </thead>
              <tbody>
                {data.state.closing.rows.map((r) => (
                  <tr key={r.party}>
                    <th scope="row">{partyName(data, r.party)}</th>
                    <td className="numeric">{kr(r.contributed)}</td>
                    <td className="numeric">{kr(r.spent)}</td>
                    <td className="numeric">{kr(r.unused)}</td>
                    <td className="numeric">{kr(r.carriedForward)}</td>
                    <td className="numeric">{kr(r.lapsed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <ul>
            {data.state.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          {rights.admin ? (
            <button type="button" className="button button-secondary" disabled={submit.busy} onClick={() => setConfirming('reopen')}>
              {x('reopen', { year: data.year })}
            </button>
          ) : null}
          {confirming === 'reopen' ? (
            <ActionDialog
              title={x('reopenTitle', { year: data.year })}
              confirmLabel={x('reopen', { year: data.year })}
              send={() => api(`${base}/reopen`, { method: 'POST', json: {} })}
              onClose={() => setConfirming(null)}
              onDone={() => void afterConfirmed(x('reopened', { year: data.year }))}
            >
              <p>{x('reopenConsequence', { year: data.year, next: data.year + 1 })}</p>
            </ActionDialog>
          ) : null}
        </>
      )}
    </section>
  );
}
