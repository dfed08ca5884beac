import { useId, type ReactNode } from 'react';

/** A labelled form field; the control gets the id. */
export function Field(props: { label: string; hint?: string; children: (id: string, hintId: string | undefined) => ReactNode }) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <div className="form-group">
      <label className="form-label" htmlFor={id}>
        {props.label}
      </label>
      {props.hint ? (
        <span className="form-hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.children(id, hintId)}
    </div>
  );
}
