import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { kr } from '../../lib/format.ts';
import { resourceKey, useApiQuery, useInvalidate } from '../../lib/query.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import type { FundsBasisData } from './types.ts';

/**
 * The basis of the cluster-year's funds (grundlag for klyngens midler) on the economy screen:
 * whether the funds per party are computed, provisional, agreed or adopted from Tabel 1, why,
 * and — for the cluster's secretariat — the decisions that change it (issue 9, deliverable 5).
 */

type BasisData = FundsBasisData;

const RULES = [
  { value: 'months', label: 'Efter antal måneders medlemskab' },
  { value: 'whole-year', label: 'Hele året for alle, der er medlem i årets løb' },
] as const;

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

function useSave(): { busy: boolean; error: string | null; done: string | null; run: (f: () => Promise<void>, message: string) => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return {
    busy,
    error,
    done,
    run: (f, message) => {
      setBusy(true);
      setError(null);
      setDone(null);
      f().then(
        () => {
          setDone(message);
          setBusy(false);
        },
        (e: unknown) => {
          setError(errorMessage(e));
          setBusy(false);
        },
      );
    },
  };
}

const alertClass = (status: BasisData['status']): string => (status === 'provisional' || status === 'not-allocated' ? 'alert alert-warning' : 'alert alert-info');
const signed = (o: number): string => (o > 0 ? `+${kr(o)}` : kr(o));

export function EconomyFundsBasis(props: { clusterId: string; year: number; canEdit: boolean }) {
  const url = `/api/clusters/${encodeURIComponent(props.clusterId)}/economy/${props.year}/funds-basis`;
  const basis = useApiQuery<BasisData>(url);
  const invalidate = useInvalidate();
  const b = basis.data;
  // The basis changes the cluster's funds: everything under the cluster is loaded again.
  const changed = (): void => void invalidate(resourceKey(`/api/clusters/${encodeURIComponent(props.clusterId)}`));
  return (
    <section className="economy-section" aria-labelledby="funds-basis-title">
      <h2 id="funds-basis-title">Grundlag for klyngens midler {props.year}</h2>
      {basis.isPending ? <Loading /> : null}
      <ErrorAlert message={basis.error ? errorMessage(basis.error) : null} />
      {b ? (
        <>
          <div className={alertClass(b.status)}>
            <div className="alert-body">
              <p className="alert-heading">
                Grundlag: {b.label}
                {b.decisionReference ? ` – beslutning: ${b.decisionReference}` : ''}
              </p>
              <p className="alert-text">{b.explanation}</p>
              {b.warnings.map((w) => (
                <p className="alert-text" key={w}>
                  {w}
                </p>
              ))}
            </div>
          </div>
          <BasisTable data={b} />
          {props.canEdit && !b.closed && b.status !== 'not-allocated' ? (
            <>
              <AgreedSharesForm data={b} url={url} onSaved={changed} />
              <PublishedForm data={b} url={url} onSaved={changed} />
              <DefaultForm data={b} url={url} onSaved={changed} />
              <ValidityForm data={b} onSaved={changed} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function BasisTable(props: { data: BasisData }) {
  const { data } = props;
  const showDeviation = data.status === 'agreed-shares' || data.status === 'published';
  return (
    <ScrollRegion>
      <table className="table table--zebra table--compact">
        <caption>Parternes fælles midler {data.year} og deres grundlag</caption>
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Medlem</th>
            <th scope="col">Grundlag</th>
            <th scope="col" className="numeric">
              Fælles midler
            </th>
            {showDeviation ? (
              <>
                <th scope="col" className="numeric">
                  Beregnet
                </th>
                <th scope="col" className="numeric">
                  Afvigelse
                </th>
              </>
            ) : null}
            <th scope="col">Forklaring</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.party}>
              <th scope="row">
                {r.name}
                {r.mark ? ` (${r.mark})` : ''}
              </th>
              <td>{r.months === 12 ? 'hele året' : `${MONTHS[r.fromMonth - 1] ?? ''}–${MONTHS[r.toMonth - 1] ?? ''}`}</td>
              <td>{r.basisText}</td>
              <td className="numeric">{kr(r.amountOre)}</td>
              {showDeviation ? (
                <>
                  <td className="numeric">{kr(r.computedOre)}</td>
                  <td className="numeric">{signed(r.deviationOre)}</td>
                </>
              ) : null}
              <td>
                <details>
                  <summary>Forklaring for {r.name}</summary>
                  <p>{r.explanation}</p>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
        {data.allocatedOre !== null ? (
          <tfoot>
            <tr>
              <th scope="row">Klyngen i alt</th>
              <td />
              <td />
              <td className="numeric">
                <strong>{kr(data.allocatedOre)}</strong>
              </td>
              {showDeviation ? (
                <>
                  <td className="numeric">{kr(data.computedTotalOre ?? 0)}</td>
                  <td className="numeric">{signed(data.allocatedOre - (data.computedTotalOre ?? 0))}</td>
                </>
              ) : null}
              <td />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </ScrollRegion>
  );
}

function RuleAndDecision(props: { prefix: string; rule: string; onRule: (v: string) => void; decision: string; onDecision: (v: string) => void }) {
  return (
    <>
      <Field label="Regel ved ind- eller udtræden i årets løb">
        {(id) => (
          <select className="form-select" id={id} name={`${props.prefix}-rule`} value={props.rule} onChange={(ev) => props.onRule(ev.target.value)}>
            {RULES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Beslutning" hint='Møde og dato, fx "Politisk niveau 12.09.2022, pkt. 3"'>
        {(id, hint) => <input className="form-input" id={id} name={`${props.prefix}-decision`} aria-describedby={hint} value={props.decision} onChange={(ev) => props.onDecision(ev.target.value)} />}
      </Field>
    </>
  );
}

function AgreedSharesForm(props: { data: BasisData; url: string; onSaved: () => void }) {
  const contributors = props.data.members.filter((m) => m.contributes);
  const [shares, setShares] = useState<Record<string, string>>({});
  const [rule, setRule] = useState<string>(props.data.midYearRule);
  const [decision, setDecision] = useState('');
  const save = useSave();
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    save.run(async () => {
      await api(props.url, { method: 'PUT', json: { kind: 'agreed-shares', version: props.data.version, midYearRule: rule, decisionReference: decision, shares: contributors.map((m) => ({ party: m.municipalityCode, basis: shares[m.municipalityCode]?.trim() || '0' })) } });
      props.onSaved();
    }, 'De aftalte andele er gemt.');
  };
  return (
    <form className="funds-basis-form" onSubmit={onSubmit} aria-labelledby="agreed-title">
      <h3 id="agreed-title">Registrér aftalte andele</h3>
      <p>Kommunernes beløb fordeles efter de andele, kommunerne har aftalt (fx 1/3, 0,25 eller et indbyggertal). Regionens beløb er regionens. Kommuner, der ikke bidrager (Tabel 2 ** og ***), har ingen andel.</p>
      <div className="economy-form">
        {contributors.map((m) => (
          <Field key={m.municipalityCode} label={`Andel for ${m.name}`}>
            {(id) => <input className="form-input input-width-xs" id={id} inputMode="decimal" value={shares[m.municipalityCode] ?? ''} onChange={(ev) => setShares({ ...shares, [m.municipalityCode]: ev.target.value })} />}
          </Field>
        ))}
        <RuleAndDecision prefix="agreed" rule={rule} onRule={setRule} decision={decision} onDecision={setDecision} />
        <div className="form-group">
          <button type="submit" className="button button-primary" disabled={save.busy}>
            Gem aftalte andele
          </button>
        </div>
      </div>
      <ErrorAlert message={save.error} />
      <SuccessAlert message={save.done} />
    </form>
  );
}

function PublishedForm(props: { data: BasisData; url: string; onSaved: () => void }) {
  const { published } = props.data;
  const [rule, setRule] = useState<string>(props.data.midYearRule);
  const [decision, setDecision] = useState('');
  const save = useSave();
  if (!published || props.data.status === 'published') return null;
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    save.run(async () => {
      await api(props.url, { method: 'PUT', json: { kind: 'published', version: props.data.version, midYearRule: rule, decisionReference: decision } });
      props.onSaved();
    }, 'Tabel 1’s beløb er vedtaget som klyngens midler.');
  };
  return (
    <form className="funds-basis-form" onSubmit={onSubmit} aria-labelledby="published-title">
      <h3 id="published-title">Vedtag Tabel 1’s beløb</h3>
      <p>
        Den offentliggjorte Tabel 1 ({published.source}) giver klyngen {published.totalOre === null ? '–' : kr(published.totalOre)}. Afvigelse fra fordelingskørslen pr. part:
      </p>
      <ul>
        {published.rows.map((r) => (
          <li key={r.party}>
            {r.name}: {kr(r.amountOre)} (afvigelse {signed(r.deviationOre)})
          </li>
        ))}
      </ul>
      <div className="economy-form">
        <RuleAndDecision prefix="published" rule={rule} onRule={setRule} decision={decision} onDecision={setDecision} />
        <div className="form-group">
          <button type="submit" className="button button-primary" disabled={save.busy}>
            Vedtag Tabel 1’s beløb
          </button>
        </div>
      </div>
      <ErrorAlert message={save.error} />
      <SuccessAlert message={save.done} />
    </form>
  );
}

function DefaultForm(props: { data: BasisData; url: string; onSaved: () => void }) {
  const [rule, setRule] = useState<string>(props.data.midYearRule);
  const [decision, setDecision] = useState('');
  const save = useSave();
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    save.run(async () => {
      await api(props.url, { method: 'PUT', json: { kind: 'default', version: props.data.version, midYearRule: rule, decisionReference: decision } });
      props.onSaved();
    }, 'Standardgrundlaget er gemt.');
  };
  return (
    <form className="funds-basis-form" onSubmit={onSubmit} aria-labelledby="default-title">
      <h3 id="default-title">Brug fordelingskørslens grundlag</h3>
      <p>Beregnet fra fordelingskørslen, eller foreløbigt efter det seneste fuldstændige befolkningstal, når kørslen brugte klyngens samlede befolkningstal. Her vælges også reglen for ind- og udtræden i årets løb.</p>
      <div className="economy-form">
        <RuleAndDecision prefix="default" rule={rule} onRule={setRule} decision={decision} onDecision={setDecision} />
        <div className="form-group">
          <button type="submit" className="button button-secondary" disabled={save.busy}>
            Gem standardgrundlag
          </button>
        </div>
      </div>
      <ErrorAlert message={save.error} />
      <SuccessAlert message={save.done} />
    </form>
  );
}

function ValidityForm(props: { data: BasisData; onSaved: () => void }) {
  const [code, setCode] = useState(props.data.members[0]?.municipalityCode ?? '');
  const member = props.data.members.find((m) => m.municipalityCode === code);
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('');
  const [decision, setDecision] = useState('');
  const save = useSave();
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!member) return;
    save.run(async () => {
      await api(`/api/clusters/${encodeURIComponent(props.data.clusterId)}/economy/${props.data.year}/memberships/${code}/validity`, {
        method: 'PUT',
        json: { version: member.version, fromMonth: Number(from || member.fromMonth), toMonth: Number(to || member.toMonth), decisionReference: decision },
      });
      props.onSaved();
    }, 'Medlemsperioden er gemt.');
  };
  const monthSelect = (label: string, value: string, fallback: number, onChange: (v: string) => void) => (
    <Field label={label}>
      {(id) => (
        <select className="form-select" id={id} value={value || String(fallback)} onChange={(ev) => onChange(ev.target.value)}>
          {MONTHS.map((m, i) => (
            <option key={m} value={String(i + 1)}>
              {m}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <form className="funds-basis-form" onSubmit={onSubmit} aria-labelledby="validity-title">
      <h3 id="validity-title">Ind- eller udtræden i årets løb</h3>
      <p>En kommune, der træder ind eller ud i årets løb, er medlem i de valgte måneder; reglen ovenfor afgør, hvordan året deles.</p>
      <div className="economy-form">
        <Field label="Kommune">
          {(id) => (
            <select
              className="form-select"
              id={id}
              value={code}
              onChange={(ev) => {
                setCode(ev.target.value);
                setFrom('');
                setTo('');
              }}
            >
              {props.data.members.map((m) => (
                <option key={m.municipalityCode} value={m.municipalityCode}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {monthSelect('Medlem fra måned', from, member?.fromMonth ?? 1, setFrom)}
        {monthSelect('Medlem til og med måned', to, member?.toMonth ?? 12, setTo)}
        <Field label="Beslutning om ind- eller udtræden" hint='Fx "Byrådet 22.05.2022, pkt. 5"'>
          {(id, hint) => <input className="form-input" id={id} aria-describedby={hint} value={decision} onChange={(ev) => setDecision(ev.target.value)} />}
        </Field>
        <div className="form-group">
          <button type="submit" className="button button-secondary" disabled={save.busy}>
            Gem medlemsperiode
          </button>
        </div>
      </div>
      <ErrorAlert message={save.error} />
      <SuccessAlert message={save.done} />
    </form>
  );
}
