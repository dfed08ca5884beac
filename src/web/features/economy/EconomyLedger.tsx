import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { ActionDialog } from '../../components/ActionDialog.tsx';
import { SuccessAlert } from '../../components/ErrorAlert.tsx';
import { Field } from '../../components/Field.tsx';
import { formatOre, ore } from '../../../core/money.ts';
import { dateTime, kr } from '../../lib/format.ts';
import { defineTexts, useI18n } from '../../lib/text/i18n.ts';
import { parseAmount } from '../../lib/forms.ts';
import { useEconomyChanged, useEconomyLabels } from './common.tsx';
import type { LedgerActual, LedgerData, LedgerRun } from './types.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

/** The ledger parts of the economy screen (issue 9): runs with their files, actual lines, overspending. */

const useText = defineTexts({
  da: {
    runsTitle: 'Afregninger {year}',
    runsIntro: 'Hver afregning dækker en periode i året. En periode afregnes kun én gang; en fejl rettes ved at tilbageføre afregningen og afregne igen.',
    noRuns: 'Der er ingen afregninger for {year} endnu.',
    run: 'Nr.',
    period: 'Periode',
    kind: 'Type',
    settlementKind: 'Afregning',
    reversalKind: 'Tilbageførsel af nr. {id}',
    status: 'Status',
    inForce: 'Gældende',
    reversed: 'Tilbageført (nr. {id})',
    reversalDone: 'Modpostering',
    madeBy: 'Lavet af',
    obligations: 'Hvem betaler hvem',
    files: 'Konteringsfiler',
    reverse: 'Tilbagefør nr. {id}',
    reverseTitle: 'Tilbagefør afregning nr. {id} ({period})',
    reverseConsequence: 'Alle konteringer i afregningen bogføres med modsat fortegn i en ny afregning, og hver betaler får sin andel tilbage. Perioden kan derefter afregnes igen. Det kan ikke fortrydes.',
    reason: 'Begrundelse',
    reasonHint: 'Fx "Faktura fra februar krediteret"',
    confirmReverse: 'Tilbagefør afregningen',
    cancel: 'Annullér',
    reversedDone: 'Afregning nr. {id} er tilbageført.',
    unsettled: { one: '{count} forbrugslinje er registreret efter afregningen for måneder, den dækker. Tilbagefør og afregn igen for at få den med.', other: '{count} forbrugslinjer er registreret efter afregningen for måneder, den dækker. Tilbagefør og afregn igen for at få dem med.' },
    overspendReason: 'Merforbrug afregnet med begrundelse: {reason}',
    actualsTitle: 'Forbrug {year}',
    actualsIntro: 'Alle registrerede forbrugslinjer. En linje ændres aldrig; en rettelse er en ny linje med forskellen.',
    noActuals: 'Der er intet forbrug registreret for {year}.',
    initiative: 'Indsats',
    party: 'Part',
    amount: 'Beløb (kr.)',
    category: 'Kategori',
    funding: 'Finansiering',
    text: 'Tekst',
    source: 'Kilde',
    registered: 'Registreret',
    sourceTyped: 'Indtastet',
    sourceCsv: 'CSV-udtræk',
    sourceWorkbook: 'Regneark',
    correctionOf: 'Rettelse af linje {id}',
    correct: 'Ret linje {id}',
    correctTitle: 'Ret forbrugslinje {id}',
    correctIntro: 'Skriv det rigtige beløb for linjen. Linjen bevares; forskellen registreres som en rettelseslinje.',
    newAmount: 'Rigtigt beløb (kr.)',
    amountHint: 'Fx 240.000,00 eller -1.500',
    saveCorrection: 'Registrér rettelsen',
    corrected: 'Rettelsen er registreret.',
    overspendTitle: 'Forbrug ud over det godkendte',
    overdrawnTitle: 'Parter med negativ rest',
  },
  en: {
    runsTitle: 'Settlements {year}',
    runsIntro: 'Each settlement covers a period of the year. A period is settled once; a mistake is corrected by reversing the settlement and settling again.',
    noRuns: 'There are no settlements for {year} yet.',
    run: 'No.',
    period: 'Period',
    kind: 'Type',
    settlementKind: 'Settlement',
    reversalKind: 'Reversal of no. {id}',
    status: 'Status',
    inForce: 'In force',
    reversed: 'Reversed (no. {id})',
    reversalDone: 'Reversing entry',
    madeBy: 'Made by',
    obligations: 'Who pays whom',
    files: 'Posting files',
    reverse: 'Reverse no. {id}',
    reverseTitle: 'Reverse settlement no. {id} ({period})',
    reverseConsequence: 'Every posting of the settlement is booked with the opposite sign in a new settlement, and each payer gets its share back. The period can then be settled again. This cannot be undone.',
    reason: 'Reason',
    reasonHint: 'E.g. "February invoice credited"',
    confirmReverse: 'Reverse the settlement',
    cancel: 'Cancel',
    reversedDone: 'Settlement no. {id} has been reversed.',
    unsettled: { one: '{count} actual line was recorded after the settlement for months it covers. Reverse and settle again to include it.', other: '{count} actual lines were recorded after the settlement for months it covers. Reverse and settle again to include them.' },
    overspendReason: 'Overspending settled with the reason: {reason}',
    actualsTitle: 'Actuals {year}',
    actualsIntro: 'Every recorded line of spending. A line never changes; a correction is a new line with the difference.',
    noActuals: 'No actuals are recorded for {year}.',
    initiative: 'Initiative',
    party: 'Party',
    amount: 'Amount (DKK)',
    category: 'Category',
    funding: 'Funding',
    text: 'Text',
    source: 'Source',
    registered: 'Recorded',
    sourceTyped: 'Typed',
    sourceCsv: 'CSV extract',
    sourceWorkbook: 'Workbook',
    correctionOf: 'Correction of line {id}',
    correct: 'Correct line {id}',
    correctTitle: 'Correct actual line {id}',
    correctIntro: 'Type the right amount for the line. The line is kept; the difference is recorded as a correcting line.',
    newAmount: 'Right amount (DKK)',
    amountHint: 'E.g. 240.000,00 or -1.500',
    saveCorrection: 'Record the correction',
    corrected: 'The correction is recorded.',
    overspendTitle: 'Spending beyond what was approved',
    overdrawnTitle: 'Parties below zero',
  },
});

function partyName(data: LedgerData, id: string): string {
  return data.parties.find((p) => p.id === id)?.name ?? id;
}

/** Overspending and parties below zero, in words (not by colour alone). */
export function LedgerWarnings(props: { data: LedgerData }) {
  const x = useText();
  const { overspending, overdrawn } = props.data;
  if (overspending.length === 0 && overdrawn.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status">
      <div className="alert-body">
        {overspending.length > 0 ? (
          <>
            <p className="alert-heading">{x('overspendTitle')}</p>
            <ul className="alert-text">
              {overspending.map((o) => (
                <li key={o.initiativeId}>
                  <strong>{o.title}:</strong> {o.text}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {overdrawn.length > 0 ? (
          <>
            <p className="alert-heading">{x('overdrawnTitle')}</p>
            <ul className="alert-text">
              {overdrawn.map((o) => (
                <li key={o.party}>{o.text}</li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** The list of the year's settlement runs with every party's posting files; reversal for editors. */
export function SettlementRuns(props: { data: LedgerData; canEdit: boolean }) {
  const x = useText();
  const { data } = props;
  const changed = useEconomyChanged(data);
  const [reversing, setReversing] = useState<LedgerRun | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const label = (r: LedgerRun): string => (r.from === r.to ? r.from : `${r.from} – ${r.to}`);
  return (
    <section className="economy-section" aria-labelledby="runs-title">
      <h2 id="runs-title">{x('runsTitle', { year: data.year })}</h2>
      <p>{x('runsIntro')}</p>
      <SuccessAlert message={done} />
      {data.settlements.length === 0 ? (
        <p>{x('noRuns', { year: data.year })}</p>
      ) : (
        <ScrollRegion>
          <table className="table table--compact settlement-runs">
            <caption className="sr-only">{x('runsTitle', { year: data.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{x('run')}</th>
                <th scope="col">{x('period')}</th>
                <th scope="col">{x('kind')}</th>
                <th scope="col">{x('status')}</th>
                <th scope="col">{x('obligations')}</th>
                <th scope="col">{x('files')}</th>
                <th scope="col">{x('madeBy')}</th>
              </tr>
            </thead>
            <tbody>
              {data.settlements.map((r) => (
                <tr key={r.id} className={r.inForce ? undefined : 'run-not-in-force'}>
                  <th scope="row">{r.id}</th>
                  <td>{label(r)}</td>
                  <td>
                    {r.kind === 'reversal' ? x('reversalKind', { id: r.reversesId ?? '' }) : x('settlementKind')}
                    {r.reason ? <div className="run-reason">{x('reason')}: {r.reason}</div> : null}
                    {r.overspendReason ? <div className="run-reason">{x('overspendReason', { reason: r.overspendReason })}</div> : null}
                  </td>
                  <td>
                    {r.kind === 'reversal' ? x('reversalDone') : r.inForce ? x('inForce') : x('reversed', { id: r.reversedBy ?? '' })}
                    {r.unsettledLines > 0 ? <div className="run-reason">{x('unsettled', { count: r.unsettledLines })}</div> : null}
                  </td>
                  <td>
                    <ul className="nobullet-list">
                      {r.obligations.map((o) => (
                        <li key={`${o.payer}-${o.executing}`}>
                          {partyName(data, o.payer)} → {partyName(data, o.executing)}: {kr(o.amountOre)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ul className="nobullet-list">
                      {r.files.map((f) => (
                        <li key={f.party}>
                          {f.partyName} ({kr(f.controlTotalOre)}):{' '}
                          <a className="function-link" href={`/api/settlements/${r.id}/postings/${f.party}?format=csv`} download aria-label={`CSV, ${f.partyName}, nr. ${r.id}`}>
                            CSV
                          </a>{' '}
                          <a className="function-link" href={`/api/settlements/${r.id}/postings/${f.party}?format=xlsx`} download aria-label={`Excel, ${f.partyName}, nr. ${r.id}`}>
                            Excel
                          </a>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {r.createdBy}
                    <br />
                    {dateTime(r.createdAt)}
                    {props.canEdit && r.inForce && data.state.status === 'open' ? (
                      <div>
                        <button type="button" className="button button-secondary button-small" onClick={() => setReversing(r)}>
                          {x('reverse', { id: r.id })}
                        </button>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {reversing ? (
        <ReverseDialog
          run={reversing}
          period={label(reversing)}
          onClose={() => setReversing(null)}
          onDone={() => {
            setDone(x('reversedDone', { id: reversing.id }));
            setReversing(null);
            void changed();
          }}
        />
      ) : null}
    </section>
  );
}

function ReverseDialog(props: { run: LedgerRun; period: string; onClose: () => void; onDone: () => void }) {
  const x = useText();
  const [reason, setReason] = useState('');
  return (
    <ActionDialog
      title={x('reverseTitle', { id: props.run.id, period: props.period })}
      confirmLabel={x('confirmReverse')}
      send={() => api(`/api/settlements/${props.run.id}/reverse`, { method: 'POST', json: { reason } })}
      onClose={props.onClose}
      onDone={props.onDone}
    >
      <p>{x('reverseConsequence')}</p>
      <Field label={x('reason')} hint={x('reasonHint')}>
        {(id, hintId) => <textarea className="form-input" id={id} aria-describedby={hintId} value={reason} onChange={(ev) => setReason(ev.target.value)} rows={3} />}
      </Field>
    </ActionDialog>
  );
}

const SOURCE_KEY: Record<LedgerActual['source'], Parameters<ReturnType<typeof useText>>[0]> = { typed: 'sourceTyped', csv: 'sourceCsv', workbook: 'sourceWorkbook' };

/** The year's actual lines; a line is corrected by a new line, never changed. */
export function ActualLines(props: { data: LedgerData; canCorrect: (party: string) => boolean }) {
  const x = useText();
  const labels = useEconomyLabels(props.data);
  const { data } = props;
  const changed = useEconomyChanged(data);
  const [correcting, setCorrecting] = useState<LedgerActual | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** A line's amount now: the line plus its corrections (what the correction dialog starts from). */
  const currentOf = (a: LedgerActual): number => a.amountOre + data.actuals.filter((c) => c.correctsId === a.id).reduce((s, c) => s + c.amountOre, 0);
  return (
    <section className="economy-section" aria-labelledby="actual-lines-title">
      <h2 id="actual-lines-title">{x('actualsTitle', { year: data.year })}</h2>
      <p>{x('actualsIntro')}</p>
      <SuccessAlert message={done} />
      {data.actuals.length === 0 ? (
        <p>{x('noActuals', { year: data.year })}</p>
      ) : (
        <ScrollRegion>
          <table className="table table--compact table--zebra actual-lines">
            <caption className="sr-only">{x('actualsTitle', { year: data.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{x('period')}</th>
                <th scope="col">{x('initiative')}</th>
                <th scope="col">{x('party')}</th>
                <th scope="col" className="numeric">
                  {x('amount')}
                </th>
                <th scope="col">{x('category')}</th>
                <th scope="col">{x('funding')}</th>
                <th scope="col">{x('text')}</th>
                <th scope="col">{x('source')}</th>
                <th scope="col">{x('registered')}</th>
              </tr>
            </thead>
            <tbody>
              {data.actuals.map((a) => (
                <tr key={a.id}>
                  <td>{a.period}</td>
                  <td>{a.initiative}</td>
                  <td>{partyName(data, a.party)}</td>
                  <td className="numeric">{kr(a.amountOre)}</td>
                  <td>{labels.label('category', a.category)}</td>
                  <td>{labels.label('funding', a.funding)}</td>
                  <td>
                    {a.correctsId ? <span className="run-reason">{x('correctionOf', { id: a.correctsId })}: </span> : null}
                    {a.text}
                  </td>
                  <td>{x(SOURCE_KEY[a.source])}</td>
                  <td>
                    {a.createdBy}, {dateTime(a.createdAt)}
                    {a.correctsId === null && data.state.status === 'open' && props.canCorrect(a.party) ? (
                      <div>
                        <button type="button" className="button button-secondary button-small" onClick={() => setCorrecting(a)}>
                          {x('correct', { id: a.id })}
                        </button>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {correcting ? (
        <CorrectDialog
          clusterId={data.clusterId}
          line={correcting}
          current={currentOf(correcting)}
          onClose={() => setCorrecting(null)}
          onDone={() => {
            setDone(x('corrected'));
            setCorrecting(null);
            void changed();
          }}
        />
      ) : null}
    </section>
  );
}

function CorrectDialog(props: { clusterId: string; line: LedgerActual; current: number; onClose: () => void; onDone: () => void }) {
  const x = useText();
  const [amount, setAmount] = useState(formatOre(ore(props.current)));
  const [reason, setReason] = useState('');
  const { lang } = useI18n();
  const send = (): Promise<unknown> | string => {
    // Parsed in the browser by the server's rule; a refund or a correction down may be negative.
    const parsed = parseAmount(amount, lang, { allowNegative: true });
    if (!parsed.ok) return parsed.message;
    const amountOre = parsed.value;
    return api(`/api/clusters/${encodeURIComponent(props.clusterId)}/actuals/${props.line.id}/correct`, { method: 'POST', json: { amountOre, text: reason } });
  };
  return (
    <ActionDialog title={x('correctTitle', { id: props.line.id })} confirmLabel={x('saveCorrection')} send={send} onClose={props.onClose} onDone={props.onDone}>
      <p>{x('correctIntro')}</p>
      <p>
        {props.line.period}, {props.line.initiative}: {kr(props.current)}
      </p>
      <Field label={x('newAmount')} hint={x('amountHint')}>
        {(id, hintId) => <input className="form-input input-width-s" id={id} aria-describedby={hintId} value={amount} onChange={(ev) => setAmount(ev.target.value)} />}
      </Field>
      <Field label={x('reason')} hint={x('reasonHint')}>
        {(id, hintId) => <textarea className="form-input" id={id} aria-describedby={hintId} value={reason} onChange={(ev) => setReason(ev.target.value)} rows={2} />}
      </Field>
    </ActionDialog>
  );
}
