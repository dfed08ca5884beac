import { useEffect, useState } from 'react';
import { ApiError, errorMessage, type LineError } from '../../lib/api.ts';
import { Field } from '../../components/Field.tsx';
import { FieldErrors } from '../../lib/forms.ts';
import { resourceKey, useInvalidate } from '../../lib/query.ts';
import { useMyScope } from '../../lib/scope.ts';
import { serverLabel, useI18n } from '../../lib/text/i18n.ts';
import { useText, type Text } from './text.ts';
import type { EconomyData } from './types.ts';

export function partyName(data: Pick<EconomyData, 'parties'>, id: string): string {
  return data.parties.find((p) => p.id === id)?.name ?? id;
}


export interface Submit {
  busy: boolean;
  /** The server's Danish message when it refused (or a network message). */
  error: string | null;
  lineErrors: LineError[];
  /** Field name → message, found in the browser before anything was sent. */
  fields: Record<string, string>;
  done: string | null;
  /**
   * Parses the form with `parse` (collecting field errors); only when every field parses is
   * `send` called with the parsed values, so a typing mistake never reaches the server.
   */
  run: <T>(parse: (f: FieldErrors) => T, send: (values: T) => Promise<string>) => void;
  reset: () => void;
}

/** A form that parses in the browser, posts, shows the server's message (and line errors), and reports success. */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lineErrors, setLineErrors] = useState<LineError[]>([]);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const reset = () => {
    setError(null);
    setLineErrors([]);
    setFields({});
    setDone(null);
  };
  return {
    busy,
    error,
    lineErrors,
    fields,
    done,
    reset,
    run: (parse, send) => {
      reset();
      const f = new FieldErrors();
      const values = parse(f);
      if (!f.ok) {
        setFields(f.errors);
        // Focus the first field in error, so keyboard and screen-reader users land on it.
        queueMicrotask(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        return;
      }
      setBusy(true);
      send(values).then(
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

export function LineErrors(props: { errors: LineError[] }) {
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

/**
 * The cluster's parties the user may record figures for (GET /api/me/scope decides: the
 * secretariat and administrators every party, a finance officer their own), or null while the
 * scope loads. A picker never offers a party the server would refuse.
 */
export function useActingParties(data: EconomyData): EconomyData['parties'] | null {
  const scope = useMyScope();
  if (scope === null) return null;
  const mine = scope.clusters.find((c) => c.id === data.clusterId);
  const may = new Set((mine?.parties ?? []).filter((p) => p.canAct).map((p) => p.id));
  return data.parties.filter((p) => may.has(p.id));
}

/** A party and an amount in kroner: the two fields of every per-party registration. */
export function PartyAmountFields(props: { data: EconomyData; party: string; onParty: (p: string) => void; amount: string; onAmount: (a: string) => void; amountError?: string | undefined }) {
  const x = useText();
  const parties = useActingParties(props.data);
  const { party, onParty } = props;
  // The first party the user may act for is chosen until the user picks one.
  const first = parties?.[0]?.id;
  const chosenIsOffered = parties?.some((p) => p.id === party) ?? true;
  useEffect(() => {
    if (!chosenIsOffered && first !== undefined) onParty(first);
  }, [chosenIsOffered, first, onParty]);
  return (
    <>
      <Field label={x('party')}>
        {(id) => (
          <select className="form-select" id={id} value={party} onChange={(ev) => onParty(ev.target.value)} disabled={parties === null}>
            {(parties ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={x('amount')} hint={x('amountHint')} error={props.amountError}>
        {(id, describedBy, invalid) => <input className="form-input input-width-s" id={id} inputMode="decimal" aria-describedby={describedBy} aria-invalid={invalid} value={props.amount} onChange={(ev) => props.onAmount(ev.target.value)} />}
      </Field>
    </>
  );
}

/**
 * After a write to the economy: the cluster's resources (economy, funds basis, actuals) and the
 * initiatives are loaded again wherever they are shown.
 */
export function useEconomyChanged(data: Pick<EconomyData, 'clusterId'>): () => Promise<void> {
  const invalidate = useInvalidate();
  return () => invalidate(resourceKey(`/api/clusters/${encodeURIComponent(data.clusterId)}`), ['initiatives'], ['follow-up']);
}

/** Says near the button that fields need correcting (each field shows its own message). */
export function FormErrorSummary(props: { count: number; x: Text }) {
  if (props.count === 0) return null;
  return (
    <p className="form-error-message" role="alert">
      {props.x('fieldsToCorrect', { count: props.count })}
    </p>
  );
}

const LABEL_TEXTS = { status: 'initiative.status.', targetGroup: 'initiative.targetGroup.', category: 'cost.category.', funding: 'cost.funding.' } as const;
type LabelKind = keyof typeof LABEL_TEXTS;

/**
 * The economy's labels (status, target group, cost category, funding) in the user's language: the
 * server sends them in Danish (`data.labels`), the web has its own text for each key.
 */
export interface EconomyLabels {
  label: (kind: LabelKind, key: string) => string;
  options: (kind: LabelKind) => { value: string; label: string }[];
}

export function useEconomyLabels(data: { labels: Partial<Record<LabelKind, Record<string, string>>> }): EconomyLabels {
  const { lang } = useI18n();
  const label = (kind: LabelKind, key: string): string => serverLabel(lang, LABEL_TEXTS[kind] + key, data.labels[kind]?.[key] ?? key);
  return { label, options: (kind) => Object.keys(data.labels[kind] ?? {}).map((value) => ({ value, label: label(kind, value) })) };
}
