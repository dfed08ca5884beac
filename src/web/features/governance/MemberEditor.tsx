import type { Member as CoreMember } from '../../../core/governance/composition.ts';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { Field } from '../../components/Field.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import type { ApiRequest } from '../../lib/api.ts';
import { newId } from '../../lib/clock.ts';

/** Members of a cluster level or an SSU: a table where each row can be edited in place, and an add form. */

/** A member as the register's forms edit and send it (the request's member; a new one may lack an id). */
export type Member = ApiRequest<'/api/clusters/{clusterId}/years/{year}/governance', 'put'>['politicalLevel'][number];
export type MemberRole = Member['role'];
export interface MunicipalityOption {
  id: string;
  name: string;
}

const NEEDS_MUNICIPALITY = new Set(['mayor', 'alderman', 'deputy-mayor', 'municipality-representative']);

export function roleText(role: MemberRole, t: (k: MessageKey) => string, municipalities: readonly MunicipalityOption[]): string {
  const base = t(`role.${role.kind}` as MessageKey);
  if ('municipalityId' in role) return `${base}, ${municipalities.find((m) => m.id === role.municipalityId)?.name ?? role.municipalityId}`;
  if (role.kind === 'region-hospital' && role.psychiatry) return `${base} (${t('gov.psychiatry').toLowerCase()})`;
  if (role.kind === 'other' && role.description) return `${base}: ${role.description}`;
  return base;
}

/** The role a member form describes: its kind with the field that kind needs. */
function roleOf(kind: string, municipalityId: string, psychiatry: boolean, description: string): MemberRole {
  switch (kind) {
    case 'mayor':
    case 'alderman':
    case 'deputy-mayor':
    case 'municipality-representative':
      return { kind, municipalityId };
    case 'region-hospital':
      return { kind, psychiatry };
    case 'region-council-chair':
    case 'region-council-member':
    case 'general-practitioner':
    case 'general-practice-representative':
    case 'patient-representative':
      return { kind };
    default:
      // The forms offer only the kinds above and 'other'.
      return { kind: 'other', description };
  }
}

/** The fields of one member; used to add a member and to edit one in place. */
export function MemberForm(props: {
  legend: string;
  roles: readonly string[];
  municipalities: readonly MunicipalityOption[];
  initial?: Member;
  submitLabel: string;
  onSubmit: (member: Member) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const initial = props.initial;
  const [name, setName] = useState(initial?.name ?? '');
  const [organisation, setOrganisation] = useState(initial?.organisation ?? '');
  const [kind, setKind] = useState(initial?.role.kind ?? props.roles[0] ?? 'other');
  const role = initial?.role;
  const [municipality, setMunicipality] = useState((role && 'municipalityId' in role ? role.municipalityId : undefined) ?? props.municipalities[0]?.id ?? '');
  const [psychiatry, setPsychiatry] = useState(role?.kind === 'region-hospital' ? role.psychiatry : false);
  const [description, setDescription] = useState(role?.kind === 'other' ? role.description : '');
  const [missingName, setMissingName] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const psychiatryId = useId();
  useEffect(() => setMunicipality((m) => m || (props.municipalities[0]?.id ?? '')), [props.municipalities]);
  // Editing in place: the cursor starts in the name field.
  useEffect(() => {
    if (initial) nameInput.current?.focus();
  }, [initial]);

  function submit() {
    if (name.trim() === '') {
      setMissingName(true);
      nameInput.current?.focus();
      return;
    }
    setMissingName(false);
    // A member gets a stable id at once, so it can be chosen as co-chair or chair before saving.
    props.onSubmit({ id: initial?.id ?? newId(), name: name.trim(), organisation: organisation.trim(), role: roleOf(kind, municipality, psychiatry, description.trim()) });
    if (!initial) {
      setName('');
      setOrganisation('');
      setDescription('');
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' && props.onCancel) {
      e.preventDefault();
      props.onCancel();
    } else if (e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target.type !== 'checkbox') {
      e.preventDefault();
      submit();
    }
  }

  return (
    <fieldset className="member-form" onKeyDown={onKeyDown}>
      <legend className="h5">{props.legend}</legend>
      <div className="filter-row">
        <Field label={t('gov.name')} {...(missingName ? { hint: t('gov.nameRequired') } : {})}>
          {(id, hintId) => <input className={`form-input${missingName ? ' form-input--error' : ''}`} id={id} ref={nameInput} value={name} aria-invalid={missingName || undefined} aria-describedby={hintId} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('gov.organisation')}>{(id) => <input className="form-input" id={id} value={organisation} onChange={(e) => setOrganisation(e.target.value)} />}</Field>
        <Field label={t('gov.role')}>
          {(id) => (
            <select className="form-select" id={id} value={kind} onChange={(e) => setKind(e.target.value)}>
              {props.roles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {NEEDS_MUNICIPALITY.has(kind) ? (
          <Field label={t('gov.municipality')}>
            {(id) => (
              <select className="form-select" id={id} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
                {props.municipalities.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {kind === 'region-hospital' ? (
          <div className="form-group form-group-checkbox">
            <input className="form-checkbox" type="checkbox" id={psychiatryId} checked={psychiatry} onChange={(e) => setPsychiatry(e.target.checked)} />
            <label className="form-label" htmlFor={psychiatryId}>
              {t('gov.psychiatry')}
            </label>
          </div>
        ) : null}
        {kind === 'other' ? <Field label={t('gov.roleDescription')}>{(id) => <input className="form-input" id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}</Field> : null}
      </div>
      <div className="button-row">
        <button type="button" className={`button ${initial ? 'button-primary' : 'button-secondary'}`} onClick={submit}>
          {props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="button button-tertiary" onClick={props.onCancel}>
            {t('fu.cancel')}
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

/**
 * The members as a table. With `editable`, each row has "Ret" (the row turns into the member's
 * form; Escape or "Annuller" leaves it unchanged, and focus goes back to the row's "Ret") and
 * "Fjern". Changes are local until the page's "Gem".
 */
export function MemberTable(props: {
  title: string;
  /** The caption's heading level (3 when the table sits under a section's own heading). */
  headingLevel?: 2 | 3;
  members: readonly Member[];
  roles: readonly string[];
  municipalities: readonly MunicipalityOption[];
  editable: boolean;
  onChange: (members: Member[]) => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<number | null>(null);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const editButtons = useRef(new Map<number, HTMLButtonElement>());
  const columns = props.editable ? 4 : 3;

  useEffect(() => {
    if (focusRow === null || editing !== null) return;
    editButtons.current.get(focusRow)?.focus();
    setFocusRow(null);
  }, [focusRow, editing]);

  const stopEditing = (i: number) => {
    setEditing(null);
    setFocusRow(i);
  };

  return (
    <ScrollRegion>
      <table className="table table--zebra table--compact">
        <caption>{props.headingLevel === 3 ? <h3>{props.title}</h3> : <h2>{props.title}</h2>}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gov.name')}</th>
            <th scope="col">{t('gov.organisation')}</th>
            <th scope="col">{t('gov.role')}</th>
            {props.editable ? (
              <th scope="col">
                <span className="sr-only">{t('gov.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.members.length === 0 ? (
            <tr>
              <td colSpan={columns}>{t('fu.none')}</td>
            </tr>
          ) : null}
          {props.members.map((m, i) =>
            editing === i ? (
              <tr key={m.id ?? String(i)}>
                <td colSpan={columns}>
                  <MemberForm
                    legend={t('gov.editMemberLegend', { name: m.name })}
                    roles={props.roles}
                    municipalities={props.municipalities}
                    initial={m}
                    submitLabel={t('gov.updateMember')}
                    onSubmit={(next) => {
                      props.onChange(props.members.map((x, k) => (k === i ? next : x)));
                      stopEditing(i);
                    }}
                    onCancel={() => stopEditing(i)}
                  />
                </td>
              </tr>
            ) : (
              <tr key={m.id ?? String(i)}>
                <th scope="row">{m.name}</th>
                <td>{m.organisation}</td>
                <td>{roleText(m.role, t, props.municipalities)}</td>
                {props.editable ? (
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-tertiary"
                      aria-label={t('gov.editMember', { name: m.name })}
                      disabled={editing !== null}
                      ref={(el) => {
                        if (el) editButtons.current.set(i, el);
                        else editButtons.current.delete(i);
                      }}
                      onClick={() => setEditing(i)}
                    >
                      {t('gov.edit')}
                    </button>{' '}
                    <button type="button" className="button button-tertiary" aria-label={`${t('fu.remove')} ${m.name}`} disabled={editing !== null} onClick={() => props.onChange(props.members.filter((_, k) => k !== i))}>
                      {t('fu.remove')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Members with their ids as the core's Member, for the core's eligibility rules (the role types are the same). */
export function asCore(members: readonly (Member & { id: string })[]): CoreMember[] {
  return [...members];
}
