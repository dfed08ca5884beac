import { useEffect, useRef, useState } from 'react';
import { api, ApiError, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { date } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { canEditCluster, defaultClusterId, useSession } from '../../lib/session.ts';
import { eligibleMunicipalCoChairs, eligibleRegionCoChairs } from '../../../core/governance/composition.ts';
import { ChoiceSelect, seatOptions, WarningList } from './governance-common.tsx';
import { ClusterPicker } from '../../components/ClusterPicker.tsx';
import { Field } from '../../components/Field.tsx';
import { DateInput } from '../../components/DateInput.tsx';
import { asCore, MemberForm, MemberTable, type Member } from './MemberEditor.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useServerLabels } from '../../lib/text/server-labels.ts';

type GovernanceData = ApiResponse<'/api/clusters/{clusterId}/years/{year}/governance'>;
/** A meeting in a cluster's or an SSU's list (both answer alike). */
export type MeetingSummary = ApiResponse<'/api/clusters/{clusterId}/meetings'>['meetings'][number];

const POLITICAL_ROLES = ['region-council-chair', 'region-council-member', 'mayor', 'alderman', 'deputy-mayor', 'general-practitioner', 'patient-representative', 'other'];
const PROFESSIONAL_ROLES = ['region-hospital', 'municipality-representative', 'general-practice-representative', 'patient-representative', 'other'];
/** A cluster's governance register and meetings for a year. */
export function GovernancePage(props: { clusterId: string | undefined; year: string | undefined }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const clusterId = props.clusterId ?? defaultClusterId(user);
  const [years, setYears] = useState<number[] | null>(null);
  const year = years ? pickYear(props.year, years) : null;
  const gov = useLoad(() => (year === null ? Promise.resolve(null) : api<GovernanceData>(`/api/clusters/${clusterId}/years/${year}/governance`)), ['clusters', clusterId, 'years', String(year), 'governance']);
  const meetings = useLoad(() => api<ApiResponse<'/api/clusters/{clusterId}/meetings'>>(`/api/clusters/${clusterId}/meetings`), ['clusters', clusterId, 'meetings']);
  const editable = canEditCluster(user, clusterId);
  // Kept here, not in the register: saving reloads the register under a new key (a fresh form).
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <>
      <h1>{gov.data ? t('gov.title', { cluster: gov.data.clusterName }) : t('gov.pageTitle')}</h1>
      <p>{t('gov.intro')}</p>
      <div className="filter-row">
        <ClusterPicker value={clusterId} onChange={(id) => navigate(href('governance', id, year ?? ''))} />
        <YearSelect value={year} onChange={(y) => navigate(href('governance', clusterId, y))} onLoaded={setYears} />
      </div>
      {gov.loading ? <Loading /> : null}
      <ErrorAlert message={gov.error} />
      <SuccessAlert message={saved} />
      {gov.data ? (
        <Register
          key={`${gov.data.clusterId}/${String(gov.data.year)}/${String(gov.data.version)}`}
          data={gov.data}
          editable={editable}
          onSaved={() => {
            setSaved(t('fu.saved'));
            gov.reload();
          }}
          onEditing={() => setSaved(null)}
        />
      ) : null}
      {gov.data ? (
        <section>
          <h2>{t('gov.cadence', { year: gov.data.year })}</h2>
          <ul className="cadence">
            <li data-status={gov.data.cadence.political.status}>{gov.data.cadence.political.message}</li>
            <li data-status={gov.data.cadence.professional.status}>{gov.data.cadence.professional.message}</li>
          </ul>
          <div className="alert alert-info cadence-notice" role="note">
            <div className="alert-body">
              <p className="alert-text">{t('gov.cadenceGuidance')}</p>
              {gov.data.cadence.levelFrequency !== null ? <p className="alert-text">{gov.data.cadence.levelFrequency}</p> : null}
            </div>
          </div>
        </section>
      ) : null}
      <Meetings scopePath={`/api/clusters/${clusterId}`} scopeKind="cluster" scopeId={clusterId} list={meetings.data?.meetings ?? null} error={meetings.error} editable={editable} onCreated={meetings.reload} />
    </>
  );
}

function Register(props: { data: GovernanceData; editable: boolean; onSaved: () => void; onEditing: () => void }) {
  const { t } = useI18n();
  const d = props.data;
  const [political, setPolitical] = useState<Member[]>(d.politicalLevel);
  const [professional, setProfessional] = useState<Member[]>(d.professionalLevel);
  const [regionChair, setRegionChair] = useState(d.regionChairMemberId ?? '');
  const [mayor, setMayor] = useState(d.mayorMemberId ?? '');
  const [secretariat, setSecretariat] = useState(d.secretariatMunicipalityId ?? '');
  const [error, setError] = useState<string | null>(null);
  const dirty = JSON.stringify([political, professional, regionChair, mayor, secretariat]) !== JSON.stringify([d.politicalLevel, d.professionalLevel, d.regionChairMemberId ?? '', d.mayorMemberId ?? '', d.secretariatMunicipalityId ?? '']);
  // A new edit hides the last "saved" message (only when the form becomes dirty, not on re-renders).
  const onEditing = useRef(props.onEditing);
  onEditing.current = props.onEditing;
  useEffect(() => {
    if (dirty) onEditing.current();
  }, [dirty]);

  function save() {
    setError(null);
    api(`/api/clusters/${d.clusterId}/years/${d.year}/governance`, {
      method: 'PUT',
      json: { version: d.version, politicalLevel: political, professionalLevel: professional, regionChairMemberId: regionChair || null, mayorMemberId: mayor || null, secretariatMunicipalityId: secretariat || null },
    }).then(
      () => props.onSaved(),
      (e: unknown) => setError(e instanceof ApiError && e.status === 409 ? `${e.message}` : errorMessage(e)),
    );
  }

  const withIds = political.filter((m): m is Member & { id: string } => m.id !== undefined);
  return (
    <section>
      <ErrorAlert message={error} />
      {d.warnings.length > 0 ? <WarningList heading={t('gov.warnings', { count: d.warnings.length })} items={d.warnings} /> : <SuccessAlert message={t('gov.noWarnings')} />}
      <Level title={t('gov.political')} members={political} roles={POLITICAL_ROLES} municipalities={d.municipalities} editable={props.editable} onChange={setPolitical} />
      <Level title={t('gov.professional')} members={professional} roles={PROFESSIONAL_ROLES} municipalities={d.municipalities} editable={props.editable} onChange={setProfessional} />
      <h2>{t('gov.coChairs')}</h2>
      <div className="filter-row">
        <ChoiceSelect label={t('gov.regionCoChair')} value={regionChair} options={seatOptions(eligibleRegionCoChairs({ politicalLevel: asCore(withIds) }), withIds, regionChair, t)} disabled={!props.editable} onChange={setRegionChair} />
        <ChoiceSelect
          label={t('gov.mayorCoChair')}
          value={mayor}
          options={seatOptions(eligibleMunicipalCoChairs({ politicalLevel: asCore(withIds), municipalities: d.municipalities }), withIds, mayor, t)}
          disabled={!props.editable}
          onChange={setMayor}
        />
        <ChoiceSelect label={t('gov.secretariat')} value={secretariat} options={d.municipalities} disabled={!props.editable} onChange={setSecretariat} />
      </div>
      {props.editable ? (
        <div className="save-row">
          {dirty ? <p className="form-hint">{t('gov.unsaved')}</p> : null}
          <button type="button" className="button button-primary" onClick={save} disabled={!dirty}>
            {t('fu.save')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function Level(props: { title: string; members: Member[]; roles: string[]; municipalities: GovernanceData['municipalities']; editable: boolean; onChange: (m: Member[]) => void }) {
  const { t } = useI18n();
  return (
    <section>
      <MemberTable title={props.title} members={props.members} roles={props.roles} municipalities={props.municipalities} editable={props.editable} onChange={props.onChange} />
      {props.editable ? (
        <MemberForm legend={`${t('gov.addMember')}: ${props.title.toLowerCase()}`} roles={props.roles} municipalities={props.municipalities} submitLabel={t('gov.addMember')} onSubmit={(m) => props.onChange([...props.members, m])} />
      ) : null}
    </section>
  );
}

/** Meetings of a cluster or an SSU, with a form to plan one. */
export function Meetings(props: { scopePath: string; scopeKind: 'cluster' | 'ssu'; scopeId: string; list: MeetingSummary[] | null; error: string | null; editable: boolean; onCreated: () => void }) {
  const { t } = useI18n();
  const labels = useServerLabels();
  const [level, setLevel] = useState<'political' | 'professional'>('political');
  const [when, setWhen] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);

  function create() {
    setError(null);
    api<ApiResponse<'/api/clusters/{clusterId}/meetings', 'post'>>(`${props.scopePath}/meetings`, { method: 'POST', json: { ...(props.scopeKind === 'cluster' ? { level } : {}), date: when, title } }).then(
      (m) => navigate(href('meeting', props.scopeKind, props.scopeId, m.id)),
      (e: unknown) => setError(errorMessage(e)),
    );
  }

  return (
    <section>
      <h2>{t('gov.meetings')}</h2>
      <ErrorAlert message={props.error} />
      <ScrollRegion label={t('gov.meetings')}>
        <table className="table table--zebra table--compact">
          <thead>
            <tr>
              <th scope="col">{t('fu.date')}</th>
              <th scope="col">{t('fu.title')}</th>
              <th scope="col">{t('gov.level')}</th>
              <th scope="col">{t('gov.minutes')}</th>
            </tr>
          </thead>
          <tbody>
            {(props.list ?? []).length === 0 ? (
              <tr>
                <td colSpan={4}>{t('fu.none')}</td>
              </tr>
            ) : null}
            {(props.list ?? []).map((m) => (
              <tr key={m.id}>
                <td>{date(m.date)}</td>
                <th scope="row">
                  <a href={href('meeting', props.scopeKind, props.scopeId, m.id)}>{m.title}</a>
                  {m.cancelled ? ` (${t('gov.cancelled')})` : ''}
                </th>
                <td>{labels.body(m.bodyLabel)}</td>
                <td>{t(`gov.minutes.${m.minutesStatus}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {props.editable ? (
        <fieldset className="member-form">
          <legend className="h5">{t('gov.newMeeting')}</legend>
          <ErrorAlert message={error} />
          <div className="filter-row">
            {props.scopeKind === 'cluster' ? (
              <Field label={t('gov.level')}>
                {(id) => (
                  <select className="form-select" id={id} value={level} onChange={(e) => setLevel(e.target.value === 'professional' ? 'professional' : 'political')}>
                    <option value="political">{t('gov.political')}</option>
                    <option value="professional">{t('gov.professional')}</option>
                  </select>
                )}
              </Field>
            ) : null}
            <Field label={t('fu.date')}>{(id, describedBy) => <DateInput id={id} describedBy={describedBy} value={when} onChange={setWhen} />}</Field>
            <Field label={t('fu.title')}>{(id) => <input className="form-input" id={id} value={title} onChange={(e) => setTitle(e.target.value)} />}</Field>
          </div>
          <button type="button" className="button button-primary" onClick={create}>
            {t('gov.newMeeting')}
          </button>
        </fieldset>
      ) : null}
    </section>
  );
}
