import { useState } from 'react';
import { ApiError, errorMessage, type LineError } from '../../lib/api.ts';
import { Field } from '../../components/Field.tsx';
import { FieldErrors } from '../../lib/forms.ts';
import { resourceKey, useInvalidate } from '../../lib/query.ts';
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

/** A party and an amount in kroner: the two fields of every per-party registration. */
export function PartyAmountFields(props: { data: EconomyData; party: string; onParty: (p: string) => void; amount: string; onAmount: (a: string) => void; amountError?: string | undefined }) {
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
