import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { Field } from '../../components/Field.tsx';

/** Shared pieces of the governance screens (issue 5): warnings, seat pickers, members as the core sees them. */

/** A list of warnings (advarsler) in a DKFDS warning alert. */
export function WarningList(props: { heading: string; items: readonly { message: string; code: string }[] }) {
  if (props.items.length === 0) return null;
  return (
    <div className="alert alert-warning" role="region" aria-label={props.heading}>
      <div className="alert-body">
        <p className="alert-heading">{props.heading}</p>
        <ul className="alert-text">
          {props.items.map((w, i) => (
            <li key={`${w.code}-${String(i)}`}>{w.message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** An evaluation as the cluster's and the SSU's lists show it. */
/** A select of people or municipalities with "not chosen" first (co-chairs, secretariat, SSU chair). */
export function ChoiceSelect(props: { label: string; value: string; options: readonly { id: string; name: string }[]; disabled?: boolean; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <Field label={props.label}>
      {(id) => (
        <select className="form-select" id={id} value={props.value} disabled={props.disabled === true} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{t('gov.notChosen')}</option>
          {props.options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}


/**
 * A seat's options: only the eligible members; a current choice that is not eligible (saved
 * before the rule, or since changed role) stays visible, marked, so the screen never hides it.
 */
export function seatOptions(eligible: readonly { id: string }[], members: readonly { id: string; name: string }[], current: string, t: (k: MessageKey, v?: Record<string, string | number>) => string): { id: string; name: string }[] {
  const ids = new Set(eligible.map((m) => m.id));
  return members.filter((m) => ids.has(m.id) || m.id === current).map((m) => ({ id: m.id, name: ids.has(m.id) ? m.name : t('gov.notEligible', { name: m.name }) }));
}
