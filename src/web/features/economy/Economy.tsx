import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type LineError } from '../../lib/api.ts';
import { ClusterOptions } from '../../components/ClusterOptions.tsx';
import { Field } from '../../components/Field.tsx';
import { EditableGrid, type GridColumn, type GridRow } from './EditableGrid.tsx';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { parseDanishAmount } from '../../../core/money.ts';
import { kr } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { hasRole, isAdmin, ownClusterId, useSession } from '../../lib/session.ts';
import type { RegisterData } from '../../lib/register-data.ts';
import { ActualLines, LedgerWarnings, SettlementRuns, type LedgerData } from './EconomyLedger.tsx';
import { EconomyFundsBasis } from './EconomyFundsBasis.tsx';

/** The economy screens' texts (da/en); kept with the page, which is their only user. */
const TEXT = {
  da: {
    title: 'Klyngens økonomi',
    intro: 'Midler, indsatser med prognoser, forbrug, afregning og årsafslutning for en klynge og et år. Alle beløb i kr.',
    cluster: 'Klynge',
    funds: 'Midler {year}',
    party: 'Part',
    contribution: 'Fælles midler',
    extraLocal: 'Lokale midler',
    carriedIn: 'Videreført',
    available: 'Disponibelt',
    committed: 'Disponeret',
    spent: 'Forbrugt',
    remaining: 'Rest',
    total: 'Klyngen i alt',
    notAllocated: 'Fordelingen for {year} er ikke beregnet endnu; klyngens fælles midler vises som 0 kr., indtil den er.',
    extraTitle: 'Ekstra lokale midler',
    amount: 'Beløb (kr.)',
    decision: 'Beslutning',
    decisionHint: 'Fx "Byrådet 03.03.2022, pkt. 7"',
    register: 'Registrér',
    saved: 'Gemt.',
    initiatives: 'Indsatser',
    status: 'Status',
    forecastTotal: 'Prognose i alt',
    open: 'Åbn {title}',
    newInitiative: 'Ny indsats',
    titleField: 'Titel',
    description: 'Beskrivelse',
    targetGroup: 'Målgruppe',
    from: 'Fra (år-måned)',
    to: 'Til (år-måned)',
    executing: 'Udførende part',
    forecast: 'Prognose (omkostningslinjer)',
    forecastHint: 'Skriv som i et regneark: piletaster flytter mellem cellerne, og du kan indsætte linjer kopieret fra Excel.',
    kind: 'Type',
    kindSalary: 'Løn (årsløn × årsværk × mdr.)',
    kindHourly: 'Timer × timetakst',
    kindOther: 'Andet',
    lineText: 'Tekst',
    year: 'År',
    category: 'Kategori',
    funding: 'Finansiering',
    rate: 'Årsløn / timetakst / beløb (kr.)',
    quantity: 'Årsværk / timer',
    months: 'Måneder',
    agreement: 'Aftalt timetakst (kilde)',
    addLine: 'Tilføj linje',
    remove: 'Fjern',
    row: 'linje {n}',
    create: 'Opret indsats',
    cost: 'Omkostning',
    explanation: 'Beregning',
    approve: 'Godkend',
    approveTitle: 'Godkendelse',
    date: 'Dato (ÅÅÅÅ-MM-DD)',
    level: 'Niveau',
    political: 'Politisk niveau',
    professional: 'Fagligt/strategisk niveau',
    meeting: 'Møde (henvisning)',
    start: 'Sæt i gang',
    end: 'Afslut indsatsen',
    difference: 'Ændring siden godkendelse: {amount}',
    actuals: 'Forbrug',
    period: 'Periode (år-måned)',
    text: 'Tekst',
    saveActuals: 'Gem forbrug',
    actualsSaved: '{count} linje(r) forbrug er gemt.',
    settlement: 'Afregning',
    importAnyway: 'Indlæs alligevel',
    settle: 'Afregn perioden',
    settled: 'Perioden er afregnet (nr. {id}).',
    alreadySettled: 'Perioden er allerede afregnet (nr. {id}); der er ikke opkrævet igen.',
    overspendConfirm: 'Bekræft afregning af merforbrug',
    overspendReason: 'Begrundelse for at afregne merforbruget',
    overspendHint: 'Fx "Merforbrug godkendt af det politiske niveau 01.06.2022"',
    settleWithReason: 'Afregn med begrundelse',
    payer: 'Betaler',
    owes: 'Skylder',
    to_: 'Til',
    postingFiles: 'Konteringsfiler',
    controlTotal: 'Kontrolsum',
    lines: 'Linjer',
    download: 'Hent',
    yearEnd: 'Årsafslutning',
    commitment: 'Tilsagn om råderum under udgiftsloftet',
    commitmentHint: 'Uforbrugte midler videreføres kun for en part, der har givet tilsagn om råderum under sit udgiftsloft (serviceramme).',
    recordCommitment: 'Registrér tilsagn',
    recordedBy: 'Registreret af',
    close: 'Afslut {year}',
    closed: '{year} er afsluttet.',
    reopen: 'Genåbn {year}',
    unused: 'Uforbrugt',
    carried: 'Videreføres',
    lapsed: 'Bortfalder',
    workbook: 'Hent klyngebudget og -regnskab (Excel)',
    importWorkbook: 'Indlæs arket "Forbrug" fra regnearket',
    chooseCluster: 'Vælg en klynge.',
    lineErrors: 'Fejl pr. linje',
    budgetVsActual: 'Budget mod forbrug {year} (fælles midler)',
    budget: 'Budget',
    actual: 'Forbrug',
    diff: 'Difference',
    budgetOwn: 'Egne midler: budget',
    actualOwn: 'Egne midler: forbrug',
    editForecast: 'Ret prognose',
    saveForecast: 'Gem prognose',
    cancel: 'Annullér',
    changes: 'Ændringer siden godkendelse',
    approved: 'Godkendt',
    current: 'Nu',
    approveRevision: 'Godkend den ændrede prognose',
    upload: 'Indlæs forbrug fra fil',
    uploadCsv: 'Bogføringsudtræk (CSV)',
    uploadCsvHint: 'Kolonner: Indsats; Part; Periode; Beløb; Kategori; Finansiering; Tekst. Alt eller intet.',
    uploadXlsx: 'Redigeret klyngebudget (xlsx): arket "Forbrug" erstatter årets forbrug',
    read: 'Indlæs',
    imported: '{count} linje(r) forbrug er indlæst.',
    shares: 'Betalingsandele',
    sharesDefault: 'Klyngens fordeling (hver parts andel af de fælles midler)',
    sharesAgreed: 'Aftalte andele',
    shareBasis: 'Andel (fx 1, 1/3 eller 0,5)',
    sharesDecision: 'Beslutning om andelene',
    municipalFunction: 'Kommunal funktion (kontering)',
    regionalAccount: 'Regionens konto (regionens kontoplan)',
    regionalAccountHint: 'Regionen konterer på sin egen kontoplan; skriv kontoen, hvis regionen betaler.',
  },
  en: {
    title: 'The cluster’s economy',
    intro: 'Funds, initiatives with forecasts, actuals, settlement and year end for a cluster and a year. Amounts in DKK.',
    cluster: 'Cluster',
    funds: 'Funds {year}',
    party: 'Party',
    contribution: 'Common funds',
    extraLocal: 'Local funds',
    carriedIn: 'Carried in',
    available: 'Available',
    committed: 'Committed',
    spent: 'Spent',
    remaining: 'Remaining',
    total: 'Cluster total',
    notAllocated: 'The allocation for {year} has not been computed yet; the cluster’s common funds show as 0 until it is.',
    extraTitle: 'Extra local funds',
    amount: 'Amount (DKK)',
    decision: 'Decision',
    decisionHint: 'E.g. "City council 03.03.2022, item 7"',
    register: 'Register',
    saved: 'Saved.',
    initiatives: 'Initiatives',
    status: 'Status',
    forecastTotal: 'Forecast total',
    open: 'Open {title}',
    newInitiative: 'New initiative',
    titleField: 'Title',
    description: 'Description',
    targetGroup: 'Target group',
    from: 'From (year-month)',
    to: 'To (year-month)',
    executing: 'Executing party',
    forecast: 'Forecast (cost lines)',
    forecastHint: 'Type as in a spreadsheet: arrow keys move between cells, and you can paste lines copied from Excel.',
    kind: 'Kind',
    kindSalary: 'Salary (annual × FTE × months)',
    kindHourly: 'Hours × hourly rate',
    kindOther: 'Other',
    lineText: 'Text',
    year: 'Year',
    category: 'Category',
    funding: 'Funding',
    rate: 'Annual salary / hourly rate / amount (DKK)',
    quantity: 'FTE / hours',
    months: 'Months',
    agreement: 'Agreed hourly rate (source)',
    addLine: 'Add line',
    remove: 'Remove',
    row: 'line {n}',
    create: 'Create initiative',
    cost: 'Cost',
    explanation: 'Calculation',
    approve: 'Approve',
    approveTitle: 'Approval',
    date: 'Date (YYYY-MM-DD)',
    level: 'Level',
    political: 'Political level',
    professional: 'Professional/strategic level',
    meeting: 'Meeting (reference)',
    start: 'Start',
    end: 'End the initiative',
    difference: 'Change since approval: {amount}',
    actuals: 'Actuals',
    period: 'Period (year-month)',
    text: 'Text',
    saveActuals: 'Save actuals',
    actualsSaved: '{count} line(s) of actuals saved.',
    settlement: 'Settlement',
    importAnyway: 'Import anyway',
    settle: 'Settle the period',
    settled: 'The period is settled (no. {id}).',
    alreadySettled: 'The period is already settled (no. {id}); nothing was charged again.',
    overspendConfirm: 'Confirm settling overspending',
    overspendReason: 'Reason for settling the overspending',
    overspendHint: 'E.g. "Overspending approved by the political level 01.06.2022"',
    settleWithReason: 'Settle with the reason',
    payer: 'Payer',
    owes: 'Owes',
    to_: 'To',
    postingFiles: 'Posting files',
    controlTotal: 'Control total',
    lines: 'Lines',
    download: 'Download',
    yearEnd: 'Year end',
    commitment: 'Commitment to room under the expenditure ceiling',
    commitmentHint: 'Unused funds are carried forward only for a party that has committed room under its expenditure ceiling.',
    recordCommitment: 'Record commitment',
    recordedBy: 'Recorded by',
    close: 'Close {year}',
    closed: '{year} is closed.',
    reopen: 'Reopen {year}',
    unused: 'Unused',
    carried: 'Carried forward',
    lapsed: 'Lapses',
    workbook: 'Download cluster budget and accounts (Excel)',
    importWorkbook: 'Import the "Forbrug" sheet from the workbook',
    chooseCluster: 'Choose a cluster.',
    lineErrors: 'Errors per line',
    budgetVsActual: 'Budget vs actual {year} (common funds)',
    budget: 'Budget',
    actual: 'Actual',
    diff: 'Difference',
    budgetOwn: 'Own funds: budget',
    actualOwn: 'Own funds: actual',
    editForecast: 'Edit forecast',
    saveForecast: 'Save forecast',
    cancel: 'Cancel',
    changes: 'Changes since approval',
    approved: 'Approved',
    current: 'Now',
    approveRevision: 'Approve the changed forecast',
    upload: 'Import actuals from a file',
    uploadCsv: 'Ledger extract (CSV)',
    uploadCsvHint: 'Columns: Indsats; Part; Periode; Beløb; Kategori; Finansiering; Tekst. All or nothing.',
    uploadXlsx: 'Edited cluster workbook (xlsx): the "Forbrug" sheet replaces the year’s actuals',
    read: 'Import',
    imported: '{count} line(s) of actuals imported.',
    shares: 'Payer shares',
    sharesDefault: 'The cluster’s split (each party’s share of the common funds)',
    sharesAgreed: 'Agreed shares',
    shareBasis: 'Share (e.g. 1, 1/3 or 0,5)',
    sharesDecision: 'Decision on the shares',
    municipalFunction: 'Municipal function (posting)',
    regionalAccount: 'The region’s account (its own chart of accounts)',
    regionalAccountHint: 'The region books on its own chart of accounts; give the account if the region pays.',
  },
} as const;
type TextKey = keyof (typeof TEXT)['da'];

function useText(): (key: TextKey, params?: Record<string, string | number>) => string {
  const { lang } = useI18n();
  return (key, params = {}) => Object.entries(params).reduce<string>((s, [k, v]) => s.replace(`{${k}}`, String(v)), TEXT[lang][key]);
}

interface Party { id: string; name: string; kind: string }
interface FundsRow { party: string; contribution: number; extraLocal: number; carriedIn: number; available: number; committed: number; spent: number; remaining: number }
interface EconomyData extends LedgerData {
  clusterId: string;
  cluster: string;
  year: number;
  allocated: boolean;
  parties: Party[];
  funds: { parties: FundsRow[]; cluster: FundsRow };
  initiatives: { id: string; title: string; status: string; forecastTotalOre: number; version: number }[];
  state: { status: 'open' } | { status: 'closed'; closing: { rows: { party: string; contributed: number; spent: number; unused: number; carriedForward: number; lapsed: number }[] }; lines: string[] };
  commitments: { party: string; amountOre: number; recordedBy: string; recordedAt: string }[];
  labels: { status: Record<string, string>; targetGroup: Record<string, string>; category: Record<string, string>; funding: Record<string, string> };
  budgetVsActual: { rows: BudgetRow[]; total: BudgetRow };
}
interface BudgetRow { initiativeId: string; title: string; budgetCommon: number; budgetOwn: number; actualCommon: number; actualOwn: number; differenceCommon: number }
interface Fraction { num: string; den: string }
interface StoredLine {
  id: string;
  kind: 'salary' | 'hourly' | 'other';
  description: string;
  year: number;
  costOre: number;
  explanation: string;
  party: string;
  category: string;
  funding: string;
  annualSalary?: number;
  fteShare?: Fraction;
  months?: Fraction;
  hourlyRate?: number;
  hours?: Fraction;
  rateAgreement?: string;
  amount?: number;
}
interface InitiativeData {
  id: string;
  title: string;
  status: string;
  version: number;
  executingParties: string[];
  startPeriod: string;
  endPeriod: string;
  lines: StoredLine[];
  difference: { lines: { id: string; description: string; year: number; change: string; approved: number; current: number; difference: number }[]; approvedTotal: number; currentTotal: number; difference: number } | null;
}
interface SettlementData {
  id: string;
  existing: boolean;
  settlement: { obligations: { payer: string; executing: string; amountOre: number }[]; files: { party: string; controlTotalOre: number; lineCount: number }[] };
}

const toOre = (text: string): number => parseDanishAmount(text);

/** The cluster economy for one cluster and year: everything a secretariat does all year. */
export function EconomyPage(props: { clusterId: string | undefined; year: string | undefined }) {
  const x = useText();
  const { user } = useSession().session;
  const clusterFieldId = useId();
  const [years, setYears] = useState<number[] | null>(null);
  const year = years ? pickYear(props.year, years) : null;
  const register = useLoad(() => (year === null ? Promise.resolve(null) : api<RegisterData>(`/api/years/${year}/register`)), String(year));
  const clusterId = props.clusterId ?? ownClusterId(user) ?? null;
  const economy = useLoad(() => (clusterId === null || year === null ? Promise.resolve(null) : api<EconomyData>(`/api/clusters/${encodeURIComponent(clusterId)}/economy/${year}`)), `${String(clusterId)}/${String(year)}`);
  const [selected, setSelected] = useState<string | null>(null);
  const canEdit = isAdmin(user) || (clusterId !== null && user.roles.some((r) => r.role === 'cluster-secretariat' && r.scope.id === clusterId));
  const e = economy.data;

  return (
    <>
      <h1>{x('title')}</h1>
      <p>{x('intro')}</p>
      <div className="economy-form">
        <YearSelect value={year} onChange={(y) => navigate(href('economy', clusterId ?? '', y))} onLoaded={setYears} />
        <div className="form-group">
          <label className="form-label" htmlFor={clusterFieldId}>
            {x('cluster')}
          </label>
          <select className="form-select" id={clusterFieldId} value={clusterId ?? ''} onChange={(ev) => navigate(href('economy', ev.target.value, year ?? ''))}>
            {clusterId === null ? <option value="">{x('chooseCluster')}</option> : null}
            <ClusterOptions register={register.data} />
          </select>
        </div>
      </div>
      {economy.loading ? <Loading /> : null}
      <ErrorAlert message={economy.error} />
      {!e && economy.error !== null && clusterId !== null && year !== null ? <EconomyFundsBasis clusterId={clusterId} year={year} canEdit={canEdit} onChanged={economy.reload} /> : null}
      {e ? (
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
          <EconomyFundsBasis clusterId={e.clusterId} year={e.year} canEdit={canEdit && e.state.status === 'open'} onChanged={economy.reload} />
          <BudgetTable data={e} />
          <p>
            <a className="function-link" href={`/api/clusters/${encodeURIComponent(e.clusterId)}/economy/${e.year}/workbook`} download>
              {x('workbook')}
            </a>
          </p>
          {canEdit && e.state.status === 'open' ? <ExtraFundsForm data={e} onSaved={economy.reload} /> : null}
          <Initiatives data={e} canEdit={canEdit} selected={selected} onSelect={setSelected} onChanged={economy.reload} />
          {(canEdit || hasRole(user, 'finance-officer')) && e.state.status === 'open' ? <ActualsUpload data={e} canReplace={canEdit} onDone={economy.reload} /> : null}
          <ActualLines data={e} canCorrect={(party) => canEdit || user.roles.some((r) => r.role === 'finance-officer' && r.scope.id === party)} onChanged={economy.reload} />
          {canEdit && e.state.status === 'open' ? <SettlementSection data={e} onDone={economy.reload} /> : null}
          <SettlementRuns data={e} canEdit={canEdit} onChanged={economy.reload} />
          <YearEnd data={e} canEdit={canEdit} admin={isAdmin(user)} canCommit={canEdit || hasRole(user, 'finance-officer')} onChanged={economy.reload} />
        </>
      ) : null}
    </>
  );
}

function partyName(data: EconomyData, id: string): string {
  return data.parties.find((p) => p.id === id)?.name ?? id;
}

function FundsTable(props: { data: EconomyData }) {
  const x = useText();
  const { data } = props;
  const cols: (keyof Omit<FundsRow, 'party'>)[] = ['contribution', 'extraLocal', 'carriedIn', 'available', 'committed', 'spent', 'remaining'];
  return (
    <div className="table--responsive-scroll">
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
    </div>
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
    <div className="table--responsive-scroll">
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
    </div>
  );
}

/** A form that posts, shows the server's Danish error (and line errors), and reports success. */
function useSubmit(): { busy: boolean; error: string | null; lineErrors: LineError[]; done: string | null; run: (f: () => Promise<string>) => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lineErrors, setLineErrors] = useState<LineError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  return {
    busy,
    error,
    lineErrors,
    done,
    run: (f) => {
      setBusy(true);
      setError(null);
      setLineErrors([]);
      setDone(null);
      f().then(
        (message) => {
          setDone(message);
          setBusy(false);
        },
        (err: unknown) => {
          setError(errorMessage(err));
          if (err instanceof ApiError) setLineErrors(err.problem.errors ?? []);
          setBusy(false);
        },
      );
    },
  };
}

function LineErrors(props: { errors: LineError[] }) {
  const x = useText();
  if (props.errors.length === 0) return null;
  return (
    <ul aria-label={x('lineErrors')} className="line-errors">
      {props.errors.map((err, i) => (
        <li key={i}>{err.message}</li>
      ))}
    </ul>
  );
}

/** A party and an amount in kroner: the two fields of every per-party registration. */
function PartyAmountFields(props: { data: EconomyData; party: string; onParty: (p: string) => void; amount: string; onAmount: (a: string) => void }) {
  const x = useText();
  return (
    <>
      <Field label={x('party')}>
        {(id) => (
          <select className="form-select" id={id} value={props.party} onChange={(ev) => props.onParty(ev.target.value)}>
            {props.data.parties.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={x('amount')}>{(id) => <input className="form-input input-width-s" id={id} inputMode="decimal" value={props.amount} onChange={(ev) => props.onAmount(ev.target.value)} />}</Field>
    </>
  );
}

function ExtraFundsForm(props: { data: EconomyData; onSaved: () => void }) {
  const x = useText();
  const { data } = props;
  const [party, setParty] = useState(data.parties[0]?.id ?? '');
  const [amount, setAmount] = useState('');
  const [decision, setDecision] = useState('');
  const submit = useSubmit();
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    submit.run(async () => {
      await api(`/api/clusters/${encodeURIComponent(data.clusterId)}/economy/${data.year}/extra-funds`, { method: 'POST', json: { party, amountOre: toOre(amount), decisionReference: decision } });
      props.onSaved();
      return x('saved');
    });
  };
  return (
    <section className="economy-section" aria-labelledby="extra-title">
      <h2 id="extra-title">{x('extraTitle')}</h2>
      <form className="economy-form" onSubmit={onSubmit}>
        <PartyAmountFields data={data} party={party} onParty={setParty} amount={amount} onAmount={setAmount} />
        <Field label={x('decision')} hint={x('decisionHint')}>
          {(id, hint) => <input className="form-input" id={id} aria-describedby={hint} value={decision} onChange={(ev) => setDecision(ev.target.value)} />}
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

const KIND_OPTIONS = (x: ReturnType<typeof useText>) => [
  { value: 'salary', label: x('kindSalary') },
  { value: 'hourly', label: x('kindHourly') },
  { value: 'other', label: x('kindOther') },
];

function forecastColumns(x: ReturnType<typeof useText>, data: EconomyData): GridColumn[] {
  return [
    { key: 'kind', label: x('kind'), options: KIND_OPTIONS(x), width: '11rem' },
    { key: 'description', label: x('lineText'), width: '12rem' },
    { key: 'year', label: x('year'), numeric: true },
    { key: 'party', label: x('party'), options: data.parties.map((p) => ({ value: p.id, label: p.name })) },
    { key: 'category', label: x('category'), options: Object.entries(data.labels.category).map(([value, label]) => ({ value, label })) },
    { key: 'funding', label: x('funding'), options: Object.entries(data.labels.funding).map(([value, label]) => ({ value, label })) },
    { key: 'rate', label: x('rate'), numeric: true },
    { key: 'quantity', label: x('quantity'), numeric: true },
    { key: 'months', label: x('months'), numeric: true },
    { key: 'agreement', label: x('agreement'), width: '10rem' },
  ];
}

/** Kroner as typed in the grid (`600.000` or `450,50`), from øre. */
function krText(o: number | undefined): string {
  return o === undefined ? '' : kr(o).replace(' kr.', '').replace(/,00$/, '');
}
function fractionText(f: Fraction | undefined): string {
  if (!f) return '';
  if (f.den === '1') return f.num;
  const value = Number(f.num) / Number(f.den);
  // Show a decimal when it is exact in a few digits (0,5), else the fraction (1/3).
  return Number.isFinite(value) && String(value).length <= 8 ? String(value).replace('.', ',') : `${f.num}/${f.den}`;
}

/** A stored cost line back into the grid, to edit the forecast. */
function gridRowOf(l: StoredLine): GridRow {
  const common = { id: l.id, kind: l.kind, description: l.description, year: String(l.year), party: l.party, category: l.category, funding: l.funding, agreement: l.rateAgreement ?? '', months: fractionText(l.months) };
  if (l.kind === 'salary') return { ...common, rate: krText(l.annualSalary), quantity: fractionText(l.fteShare) };
  if (l.kind === 'hourly') return { ...common, rate: krText(l.hourlyRate), quantity: fractionText(l.hours) };
  return { ...common, rate: krText(l.amount), quantity: '' };
}

/** A grid row → the API's cost line (amounts typed in kroner, Danish style). */
function costLineOf(row: GridRow, i: number): Record<string, unknown> {
  const base = { id: row['id'] !== undefined && row['id'] !== '' ? row['id'] : `n${String(i + 1)}-${String(Date.now() % 100000)}`, year: Number(row['year']), description: row['description'] ?? '', category: row['category'], funding: row['funding'], party: row['party'] };
  // Danish decimals as typed (0,5); the server parses them exactly.
  const quantity = (row['quantity'] ?? '').trim();
  const kind = row['kind'] ?? 'other';
  if (kind === 'salary') return { ...base, kind: 'salary', annualSalaryOre: toOre(row['rate'] ?? ''), fteShare: quantity, months: (row['months'] ?? '').trim() };
  if (kind === 'hourly') return { ...base, kind: 'hourly', hourlyRateOre: toOre(row['rate'] ?? ''), hours: quantity, rateAgreement: row['agreement'] ?? '' };
  return { ...base, kind: 'other', amountOre: toOre(row['rate'] ?? '') };
}

function Initiatives(props: { data: EconomyData; canEdit: boolean; selected: string | null; onSelect: (id: string | null) => void; onChanged: () => void }) {
  const x = useText();
  const { data } = props;
  const [creating, setCreating] = useState(false);
  return (
    <section className="economy-section" aria-labelledby="initiatives-title">
      <h2 id="initiatives-title">{x('initiatives')}</h2>
      {data.initiatives.length > 0 ? (
        <table className="table table--zebra table--compact initiatives-table">
          <caption className="sr-only">{x('initiatives')}</caption>
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
                  <button type="button" className="function-link" aria-label={x('open', { title: i.title })} onClick={() => props.onSelect(i.id)}>
                    {i.title}
                  </button>
                </th>
                <td>{data.labels.status[i.status] ?? i.status}</td>
                <td className="numeric">{kr(i.forecastTotalOre)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {props.canEdit && !creating && data.state.status === 'open' ? (
        <button type="button" className="button button-secondary" onClick={() => setCreating(true)}>
          {x('newInitiative')}
        </button>
      ) : null}
      {creating ? (
        <NewInitiative
          data={data}
          onCreated={(id) => {
            setCreating(false);
            props.onSelect(id);
            props.onChanged();
          }}
        />
      ) : null}
      {props.selected ? <InitiativePanel key={props.selected} id={props.selected} data={data} canEdit={props.canEdit} onChanged={props.onChanged} /> : null}
    </section>
  );
}

function NewInitiative(props: { data: EconomyData; onCreated: (id: string) => void }) {
  const x = useText();
  const { data } = props;
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
    submit.run(async () => {
      const created = await api<{ id: string }>(`/api/clusters/${encodeURIComponent(data.clusterId)}/initiatives`, {
        method: 'POST',
        json: {
          title,
          description,
          targetGroup,
          startPeriod: from,
          endPeriod: to,
          executingParties: [executing],
          lines: lines.map(costLineOf),
          municipalFunction,
          ...(regionalAccount.trim() !== '' ? { regionalAccount: regionalAccount.trim() } : {}),
          ...(agreed
            ? { agreedShares: { shares: Object.entries(shares).filter(([, v]) => v.trim() !== '' && v.trim() !== '0').map(([party, basis]) => ({ party, basis: basis.trim() })), decisionReference: sharesDecision } }
            : {}),
        },
      });
      props.onCreated(created.id);
      return x('saved');
    });
  };
  return (
    <form onSubmit={onSubmit} aria-labelledby="new-initiative-title" className="new-initiative">
      <h3 id="new-initiative-title">{x('newInitiative')}</h3>
      <Field label={x('titleField')}>{(id) => <input className="form-input" id={id} value={title} onChange={(ev) => setTitle(ev.target.value)} />}</Field>
      <Field label={x('description')}>{(id) => <textarea className="form-input" id={id} value={description} onChange={(ev) => setDescription(ev.target.value)} />}</Field>
      <div className="economy-form">
        <Field label={x('targetGroup')}>
          {(id) => (
            <select className="form-select" id={id} value={targetGroup} onChange={(ev) => setTargetGroup(ev.target.value)}>
              {Object.entries(data.labels.targetGroup).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={x('from')}>{(id) => <input className="form-input input-width-xs" id={id} value={from} onChange={(ev) => setFrom(ev.target.value)} />}</Field>
        <Field label={x('to')}>{(id) => <input className="form-input input-width-xs" id={id} value={to} onChange={(ev) => setTo(ev.target.value)} />}</Field>
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
      <EditableGrid caption={x('forecast')} columns={forecastColumns(x, data)} rows={lines} onChange={setLines} emptyRow={emptyLine} addLabel={x('addLine')} removeLabel={x('remove')} rowLabel={(i) => x('row', { n: i + 1 })} />
      <ErrorAlert message={submit.error} />
      <LineErrors errors={submit.lineErrors} />
      <button type="submit" className="button button-primary" disabled={submit.busy}>
        {x('create')}
      </button>
    </form>
  );
}

function InitiativePanel(props: { id: string; data: EconomyData; canEdit: boolean; onChanged: () => void }) {
  const x = useText();
  const { data } = props;
  const initiative = useLoad(() => api<InitiativeData>(`/api/initiatives/${props.id}`), props.id);
  const [date, setDate] = useState('');
  const [level, setLevel] = useState('political');
  const [meeting, setMeeting] = useState('');
  const firstExec = initiative.data?.executingParties[0] ?? '';
  const emptyActual = (): GridRow => ({ party: firstExec, period: `${String(data.year)}-01`, amount: '', category: 'development', funding: 'common', text: '' });
  const [actuals, setActuals] = useState<GridRow[] | null>(null);
  const [editing, setEditing] = useState<GridRow[] | null>(null);
  const submit = useSubmit();
  const i = initiative.data;
  if (initiative.loading && !i) return <Loading />;
  if (!i) return <ErrorAlert message={initiative.error} />;
  const after = (message: string) => () => {
    initiative.reload();
    props.onChanged();
    return message;
  };
  const approve = (ev: FormEvent) => {
    ev.preventDefault();
    submit.run(() => api(`/api/initiatives/${i.id}/approve`, { method: 'POST', json: { version: i.version, date, level, meetingReference: meeting } }).then(after(x('saved'))));
  };
  const setStatus = (status: string) => submit.run(() => api(`/api/initiatives/${i.id}/status`, { method: 'POST', json: { version: i.version, status } }).then(after(x('saved'))));
  const rows = actuals ?? [emptyActual()];
  const saveForecast = (ev: FormEvent) => {
    ev.preventDefault();
    if (!editing) return;
    submit.run(async () => {
      await api(`/api/initiatives/${i.id}/forecast`, { method: 'PUT', json: { version: i.version, lines: editing.map(costLineOf) } });
      setEditing(null);
      return after(x('saved'))();
    });
  };
  const changed = i.difference !== null && i.difference.lines.some((l) => l.change !== 'unchanged');
  const canRevise = props.canEdit && (i.status === 'approved' || i.status === 'running');
  const saveActuals = (ev: FormEvent) => {
    ev.preventDefault();
    submit.run(async () => {
      const lines = rows.map((r) => ({ initiativeId: i.id, party: r['party'], period: r['period'], amountOre: toOre(r['amount'] ?? ''), category: r['category'], funding: r['funding'], text: r['text'] ?? '' }));
      const res = await api<{ count: number }>(`/api/clusters/${encodeURIComponent(data.clusterId)}/actuals`, { method: 'POST', json: { lines } });
      setActuals(null);
      return after(x('actualsSaved', { count: res.count }))();
    });
  };
  const executingParties = data.parties.filter((p) => i.executingParties.includes(p.id));
  return (
    <section className="economy-section initiative-panel" aria-labelledby="initiative-title">
      <h3 id="initiative-title">
        {i.title} – {data.labels.status[i.status] ?? i.status}
      </h3>
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
                {data.labels.category[l.category] ?? l.category} ({data.labels.funding[l.funding] ?? l.funding})
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
      {changed && i.difference ? (
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
        <form onSubmit={saveForecast} aria-label={x('editForecast')}>
          <p className="form-hint">{x('forecastHint')}</p>
          <EditableGrid
            caption={x('forecast')}
            columns={forecastColumns(x, data)}
            rows={editing}
            onChange={setEditing}
            emptyRow={() => ({ kind: 'other', description: '', year: String(data.year), party: firstExec, category: 'development', funding: 'common', rate: '', quantity: '', months: '', agreement: '' })}
            addLabel={x('addLine')}
            removeLabel={x('remove')}
            rowLabel={(n) => x('row', { n: n + 1 })}
          />
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {x('saveForecast')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setEditing(null)}>
            {x('cancel')}
          </button>
        </form>
      ) : null}
      {(props.canEdit && i.status === 'proposed') || (canRevise && changed) ? (
        <form className="economy-form" onSubmit={approve} aria-label={x('approveTitle')}>
          <Field label={x('date')}>{(id) => <input className="form-input input-width-s" id={id} value={date} onChange={(ev) => setDate(ev.target.value)} />}</Field>
          <Field label={x('level')}>
            {(id) => (
              <select className="form-select" id={id} value={level} onChange={(ev) => setLevel(ev.target.value)}>
                <option value="political">{x('political')}</option>
                <option value="professional">{x('professional')}</option>
              </select>
            )}
          </Field>
          <Field label={x('meeting')}>{(id) => <input className="form-input" id={id} value={meeting} onChange={(ev) => setMeeting(ev.target.value)} />}</Field>
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
        <form onSubmit={saveActuals} aria-labelledby="actuals-title">
          <h4 id="actuals-title">{x('actuals')}</h4>
          <p className="form-hint">{x('forecastHint')}</p>
          <EditableGrid
            caption={x('actuals')}
            columns={[
              { key: 'party', label: x('party'), options: executingParties.map((p) => ({ value: p.id, label: p.name })) },
              { key: 'period', label: x('period') },
              { key: 'amount', label: x('amount'), numeric: true },
              { key: 'category', label: x('category'), options: Object.entries(data.labels.category).map(([value, label]) => ({ value, label: label })) },
              { key: 'funding', label: x('funding'), options: Object.entries(data.labels.funding).map(([value, label]) => ({ value, label })) },
              { key: 'text', label: x('text') },
            ]}
            rows={rows}
            onChange={setActuals}
            emptyRow={emptyActual}
            addLabel={x('addLine')}
            removeLabel={x('remove')}
            rowLabel={(n) => x('row', { n: n + 1 })}
          />
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {x('saveActuals')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** Actuals from a file: a ledger extract (CSV, appended) or the edited workbook (replaces the year). */
function ActualsUpload(props: { data: EconomyData; canReplace: boolean; onDone: () => void }) {
  const x = useText();
  const { data } = props;
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
    submit.run(async () => {
      let count = 0;
      setDuplicate(null);
      if (csv) {
        try {
          const res = await api<{ count: number }>(`${base}/actuals/import?filename=${encodeURIComponent(csv.name)}${confirmDuplicates ? '&confirmDuplicates=true' : ''}`, { method: 'POST', body: await csv.text(), contentType: 'text/csv' });
          count += res.count;
        } catch (err) {
          if (err instanceof ApiError && (err.problem.code === 'conflict.actuals-file-again' || err.problem.code === 'conflict.actuals-lines-again')) setDuplicate(err.message);
          throw err;
        }
      }
      if (xlsx) {
        const res = await api<{ count: number }>(`${base}/economy/${data.year}/workbook-actuals`, { method: 'POST', body: await xlsx.arrayBuffer(), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
        count += res.count;
      }
      props.onDone();
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

function SettlementSection(props: { data: EconomyData; onDone: () => void }) {
  const x = useText();
  const { data } = props;
  const [from, setFrom] = useState(`${String(data.year)}-01`);
  const [to, setTo] = useState(`${String(data.year)}-12`);
  const [result, setResult] = useState<SettlementData | null>(null);
  /** The server's refusal of unconfirmed overspending: settling then needs a reason. */
  const [overspend, setOverspend] = useState<string | null>(null);
  const [overspendReason, setOverspendReason] = useState('');
  const submit = useSubmit();
  const settle = (reason?: string) => {
    submit.run(async () => {
      try {
        const res = await api<SettlementData>(`/api/clusters/${encodeURIComponent(data.clusterId)}/settlements`, { method: 'POST', json: { from, to, ...(reason !== undefined ? { overspendReason: reason } : {}) } });
        setResult(res);
        setOverspend(null);
        props.onDone();
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
      <form className="economy-form" onSubmit={onSubmit}>
        <Field label={x('from')}>{(id) => <input className="form-input input-width-xs" id={id} value={from} onChange={(ev) => setFrom(ev.target.value)} />}</Field>
        <Field label={x('to')}>{(id) => <input className="form-input input-width-xs" id={id} value={to} onChange={(ev) => setTo(ev.target.value)} />}</Field>
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
          <Field label={x('overspendReason')} hint={x('overspendHint')}>
            {(id, hintId) => <input className="form-input" id={id} aria-describedby={hintId} value={overspendReason} onChange={(ev) => setOverspendReason(ev.target.value)} />}
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
        </>
      ) : null}
    </section>
  );
}

function YearEnd(props: { data: EconomyData; canEdit: boolean; admin: boolean; canCommit: boolean; onChanged: () => void }) {
  const x = useText();
  const { data } = props;
  const [party, setParty] = useState(data.parties[0]?.id ?? '');
  const [amount, setAmount] = useState('');
  const submit = useSubmit();
  const base = `/api/clusters/${encodeURIComponent(data.clusterId)}/economy/${data.year}`;
  const act = (f: () => Promise<unknown>) =>
    submit.run(async () => {
      await f();
      props.onChanged();
      return x('saved');
    });
  return (
    <section className="economy-section" aria-labelledby="year-end-title">
      <h2 id="year-end-title">{x('yearEnd')}</h2>
      <ErrorAlert message={submit.error} />
      <SuccessAlert message={submit.done} />
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
          {props.canCommit ? (
            <form
              className="economy-form"
              aria-label={x('commitment')}
              onSubmit={(ev) => {
                ev.preventDefault();
                act(() => api(`${base}/commitments`, { method: 'POST', json: { party, amountOre: toOre(amount) } }));
              }}
            >
              <PartyAmountFields data={data} party={party} onParty={setParty} amount={amount} onAmount={setAmount} />
              <div className="form-group">
                <button type="submit" className="button button-secondary" disabled={submit.busy}>
                  {x('recordCommitment')}
                </button>
              </div>
            </form>
          ) : null}
          {props.canEdit ? (
            <button type="button" className="button button-primary" disabled={submit.busy} onClick={() => act(() => api(`${base}/close`, { method: 'POST', json: {} }))}>
              {x('close', { year: data.year })}
            </button>
          ) : null}
        </>
      ) : (
        <>
          <p>{x('closed', { year: data.year })}</p>
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
          <ul>
            {data.state.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          {props.admin ? (
            <button type="button" className="button button-secondary" disabled={submit.busy} onClick={() => act(() => api(`${base}/reopen`, { method: 'POST', json: {} }))}>
              {x('reopen', { year: data.year })}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
