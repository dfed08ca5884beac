import { useState } from 'react';
import { danishDate, parseDate } from '../lib/forms.ts';
import { useI18n } from '../lib/text/i18n.ts';

/**
 * A date typed the Danish way, dd.mm.åååå (issue 12, item 4), in place of the browser's date
 * picker (whose format follows the browser's language). The parent keeps the ISO date the API
 * wants: `onChange` gets it when the text is a date, and '' while it is not; a text that is not a
 * date is said at the field when the user leaves it. ISO typed or pasted (2022-03-15) is taken too.
 */
export function DateInput(props: { id: string; value: string; onChange: (iso: string) => void; describedBy?: string | undefined; className?: string; required?: boolean }) {
  const { lang } = useI18n();
  const [text, setText] = useState(() => (props.value === '' ? '' : danishDate(props.value)));
  const [error, setError] = useState<string | null>(null);
  // A value set from outside (a reset, a loaded record) replaces the text.
  const [shown, setShown] = useState(props.value);
  if (props.value !== shown) {
    setShown(props.value);
    if (props.value !== '' || text.trim() === '') setText(props.value === '' ? '' : danishDate(props.value));
  }
  const errorId = `${props.id}-date-error`;
  const update = (next: string) => {
    setText(next);
    const parsed = parseDate(next, lang);
    const iso = parsed.ok ? parsed.value : '';
    setShown(iso);
    props.onChange(iso);
    if (parsed.ok) setError(null);
  };
  const check = () => {
    if (text.trim() === '' && props.required !== true) {
      setError(null);
      return;
    }
    const parsed = parseDate(text, lang);
    setError(parsed.ok ? null : parsed.message);
  };
  const describedBy = [props.describedBy, error ? errorId : undefined].filter((x) => x !== undefined).join(' ') || undefined;
  return (
    <>
      {error ? (
        <span className="form-error-message" id={errorId}>
          {error}
        </span>
      ) : null}
      <input
        className={props.className ?? 'form-input input-width-s'}
        id={props.id}
        inputMode="numeric"
        placeholder={lang === 'da' ? 'dd.mm.åååå' : 'dd.mm.yyyy'}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        value={text}
        onChange={(e) => update(e.target.value)}
        onBlur={check}
      />
    </>
  );
}
