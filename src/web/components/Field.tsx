import { useId, type ReactNode } from 'react';
import { useI18n } from '../lib/text/i18n.ts';

/**
 * A labelled form field in DKFDS markup; the control gets the id. With `error`, the group is
 * marked `form-error` and the message (with an example of what to type) is shown above the
 * control and read with it: the control's `aria-describedby` names the hint and the error, and
 * `invalid` is true so it can set `aria-invalid`.
 */
export function Field(props: { label: string; hint?: string; error?: string | null | undefined; children: (id: string, describedBy: string | undefined, invalid: boolean) => ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
  return (
    <div className={`form-group${props.error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
        {props.label}
      </label>
      {props.hint ? (
        <span className="form-hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span className="form-error-message" id={errorId}>
          <span className="sr-only">{t('error.heading')}: </span>
          {props.error}
        </span>
      ) : null}
      {props.children(id, describedBy, Boolean(props.error))}
    </div>
  );
}
