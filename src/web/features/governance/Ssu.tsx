import { useEffect, useRef, useState } from 'react';
import { api, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { canEditSsu, defaultRegionCode, useSession } from '../../lib/session.ts';
import { eligibleSsuChairs, eligibleSsuViceChairs } from '../../../core/governance/composition.ts';
import { ChoiceSelect, seatOptions, WarningList } from './governance-common.tsx';
import { EvaluationsTable, GuideEditor } from '../follow-up/index.ts';
import { Meetings } from './Governance.tsx';
import { asCore, MemberForm, MemberTable, type Member } from './MemberEditor.tsx';

type SsuData = ApiResponse<'/api/regions/{regionCode}/years/{year}/ssu'>;

/** Who sits in an SSU (seed 001 §7): the region council, the clusters' co-chair mayors, general practice, others. */
const SSU_ROLES = ['region-council-chair', 'region-council-member', 'mayor', 'alderman', 'deputy-mayor', 'general-practitioner', 'patient-representative', 'other'];

/** A region's SSU: submitted evaluations to discuss and decide, meetings and cadence, composition, own questions. */
export function SsuPage(props: { regionCode: string | undefined; year: string | undefined }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const regionCode = props.regionCode ?? defaultRegionCode(user);
  const [years, setYears] = useState<number[] | null>(null);
  const year = years ? pickYear(props.year, years) : null;
  const ssu = useLoad(() => (year === null ? Promise.resolve(null) : api<SsuData>(`/api/regions/${regionCode}/years/${year}/ssu`)), ['regions', regionCode, 'years', String(year), 'ssu']);
  const evaluations = useLoad(() => api<ApiResponse<'/api/regions/{regionCode}/evaluations'>>(`/api/regions/${regionCode}/evaluations`), ['regions', regionCode, 'evaluations']);
  const meetings = useLoad(() => api<ApiResponse<'/api/regions/{regionCode}/meetings'>>(`/api/regions/${regionCode}/meetings`), ['regions', regionCode, 'meetings']);
  const editable = canEditSsu(user, regionCode);
  // Kept here: saving reloads the composition under a new key (a fresh form).
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <>
      <h1>{ssu.data ? t('ssu.title', { region: ssu.data.regionName }) : t('ssu.pageTitle')}</h1>
      <p>{t('ssu.intro')}</p>
      <YearSelect value={year} onChange={(y) => navigate(href('ssu', regionCode, y))} onLoaded={setYears} />
      <ErrorAlert message={ssu.error ?? evaluations.error} />
      {evaluations.loading ? <Loading /> : null}
      <EvaluationsTable heading={t('ssu.evaluations')} evaluations={evaluations.data?.evaluations ?? []} linkOf={(id) => href('evaluation', 'ssu', regionCode, id)} showCluster />
      {ssu.data ? (
        <section>
          <h2>{t('gov.cadence', { year: ssu.data.year })}</h2>
          <p>{ssu.data.cadence.message}</p>
        </section>
      ) : null}
      <Meetings scopePath={`/api/regions/${regionCode}`} scopeKind="ssu" scopeId={regionCode} list={meetings.data?.meetings ?? null} error={meetings.error} editable={editable} onCreated={meetings.reload} />
      {ssu.data ? (
        <Composition
          key={`${ssu.data.regionCode}/${String(ssu.data.year)}/${String(ssu.data.version)}`}
          data={ssu.data}
          editable={editable}
          saved={saved}
          onSaved={() => {
            setSaved(t('fu.saved'));
            ssu.reload();
          }}
          onEditing={() => setSaved(null)}
        />
      ) : null}
      <GuideEditor url={`/api/regions/${regionCode}/evaluation-guide`} title={t('ssu.guide')} editable={editable} />
    </>
  );
}

/** The SSU's composition: members edited in place, chair and vice-chair; saved as a whole (PUT …/ssu). */
function Composition(props: { data: SsuData; editable: boolean; saved: string | null; onSaved: () => void; onEditing: () => void }) {
  const { t } = useI18n();
  const d = props.data;
  const [members, setMembers] = useState<Member[]>(d.members);
  const [chair, setChair] = useState(d.chairMemberId ?? '');
  const [vice, setVice] = useState(d.viceChairMemberId ?? '');
  const [error, setError] = useState<string | null>(null);
  const dirty = JSON.stringify([members, chair, vice]) !== JSON.stringify([d.members, d.chairMemberId ?? '', d.viceChairMemberId ?? '']);
  // A new edit hides the last "saved" message (only when the form becomes dirty, not on re-renders).
  const onEditing = useRef(props.onEditing);
  onEditing.current = props.onEditing;
  useEffect(() => {
    if (dirty) onEditing.current();
  }, [dirty]);
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? t('gov.notChosen');
  const withIds = members.filter((m): m is Member & { id: string } => m.id !== undefined);

  function save() {
    setError(null);
    // A chair who was removed from the members is no longer chair.
    const known = (id: string) => (id !== '' && withIds.some((m) => m.id === id) ? id : null);
    api(`/api/regions/${d.regionCode}/years/${String(d.year)}/ssu`, { method: 'PUT', json: { version: d.version, members, chairMemberId: known(chair), viceChairMemberId: known(vice) } }).then(
      () => props.onSaved(),
      (e: unknown) => setError(errorMessage(e)),
    );
  }

  // Each seat offers only the members eligible for it (seed 001 §7).
  const chairSelect = (label: string, value: string, eligible: readonly { id: string }[], onChange: (v: string) => void) => (
    <ChoiceSelect label={label} value={withIds.some((m) => m.id === value) ? value : ''} options={seatOptions(eligible, withIds, value, t)} onChange={onChange} />
  );

  return (
    <section aria-labelledby="ssu-composition">
      <h2 id="ssu-composition">{t('ssu.members')}</h2>
      <SuccessAlert message={props.saved} />
      <ErrorAlert message={error} />
      {d.warnings.length > 0 ? <WarningList heading={t('gov.warnings', { count: d.warnings.length })} items={d.warnings} /> : <SuccessAlert message={t('gov.noWarnings')} />}
      <MemberTable title={t('ssu.memberList')} headingLevel={3} members={members} roles={SSU_ROLES} municipalities={d.municipalities} editable={props.editable} onChange={setMembers} />
      {props.editable ? (
        <>
          <MemberForm legend={t('ssu.addMember')} roles={SSU_ROLES} municipalities={d.municipalities} submitLabel={t('gov.addMember')} onSubmit={(m) => setMembers((ms) => [...ms, m])} />
          <div className="filter-row">
            {chairSelect(t('ssu.chair'), chair, eligibleSsuChairs(asCore(withIds)), setChair)}
            {chairSelect(t('ssu.viceChair'), vice, eligibleSsuViceChairs(asCore(withIds)), setVice)}
          </div>
          <div className="save-row">
            {dirty ? <p className="form-hint">{t('gov.unsaved')}</p> : null}
            <button type="button" className="button button-primary" onClick={save} disabled={!dirty}>
              {t('ssu.save')}
            </button>
          </div>
        </>
      ) : (
        <p>
          {t('ssu.chair')}: {name(chair)}. {t('ssu.viceChair')}: {name(vice)}.
        </p>
      )}
    </section>
  );
}
