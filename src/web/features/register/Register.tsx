import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../lib/api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { integer } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { isAdmin, useSession } from '../../lib/session.ts';
import { MARK_FLAGS, type TabelMark } from '../../../core/register.ts';

import type { Basis, Member, RegisterData } from '../../lib/register-data.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';


const BASIS_LABEL: Record<string, MessageKey> = {
  population: 'basis.population',
  full: 'basis.population',
  'full-population': 'basis.population',
  partial: 'basis.partial',
  'partial-population': 'basis.partial',
  weight: 'basis.weight',
  weighted: 'basis.weight',
  remainder: 'basis.remainder',
  none: 'basis.none',
};

export function basisText(basis: Basis, t: (key: MessageKey) => string): string {
  const key = BASIS_LABEL[basis.kind];
  const label = key ? t(key) : basis.kind;
  const parts: string[] = [label];
  if (basis.kind === 'partial') {
    if (basis.label !== '') parts.push(`(${basis.label})`);
    parts.push(integer(basis.population));
  }
  if (basis.kind === 'weight') parts.push(`× ${basis.weight.replace('.', ',')}`);
  return parts.join(' ');
}

/** The register per year: regions → clusters → members with their flags; administrators edit. */
export function RegisterPage(props: { year: string | undefined }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const [years, setYears] = useState<number[] | null>(null);
  const year = years ? pickYear(props.year, years) : null;
  const register = useLoad(() => (year === null ? Promise.resolve(null) : api<RegisterData>(`/api/years/${year}/register`)), ['years', String(year), 'register']);
  const [editing, setEditing] = useState<Member | null>(null);
  const [notice, setNotice] = useState<{ text: string; conflict: boolean } | null>(null);

  return (
    <>
      <h1>{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      <YearSelect value={year} onChange={(y) => navigate(href('register', y))} onLoaded={setYears} />
      {notice?.conflict ? (
        <div className="alert alert-warning" role="alert">
          <div className="alert-body">
            <p className="alert-text">{notice.text}</p>
          </div>
        </div>
      ) : (
        <SuccessAlert message={notice?.text ?? null} />
      )}
      {register.loading ? <Loading /> : null}
      <ErrorAlert message={register.error} />
      {register.data?.regions.map((region) => (
        <section key={region.code} className="register-region">
          <h2>{region.name}</h2>
          {region.clusters.map((cluster) => (
            <ScrollRegion key={cluster.id}>
              <table className="table table--zebra table--compact">
                <caption>
                  <h3>{cluster.name}</h3>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('register.municipality')}</th>
                    <th scope="col">{t('register.code')}</th>
                    <th scope="col">{t('register.political')}</th>
                    <th scope="col">{t('register.administrative')}</th>
                    <th scope="col">{t('register.commonFunds')}</th>
                    <th scope="col">{t('register.secretariat')}</th>
                    <th scope="col">{t('register.note')}</th>
                    {isAdmin(user) ? <th scope="col"><span className="sr-only">{t('register.edit')}</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {cluster.members.map((m) => (
                    <tr key={m.membershipId}>
                      <th scope="row">{m.municipalityName}</th>
                      <td>{m.municipalityCode}</td>
                      <td>{m.political ? t('yes') : t('no')}</td>
                      <td>{m.administrative ? t('yes') : t('no')}</td>
                      <td>{basisText(m.commonFundsBasis, t)}</td>
                      <td>{basisText(m.secretariatBasis, t)}</td>
                      <td>{m.note ?? ''}</td>
                      {isAdmin(user) ? (
                        <td>
                          <button type="button" className="button button-tertiary" aria-label={`${t('register.edit')} ${m.municipalityName} (${cluster.name})`} onClick={() => { setNotice(null); setEditing(m); }}>
                            {t('register.edit')}
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ))}
        </section>
      ))}
      {editing ? (
        <EditMembership
          member={editing}
          onClose={() => setEditing(null)}
          onSaved={(text, conflict) => {
            setEditing(null);
            setNotice({ text, conflict });
            register.reload();
          }}
        />
      ) : null}
    </>
  );
}

function EditMembership(props: { member: Member; onClose: () => void; onSaved: (message: string, conflict: boolean) => void }) {
  const { t } = useI18n();
  const { member } = props;
  const [mark, setMark] = useState<TabelMark>((member.mark as TabelMark | undefined) ?? '');
  const [political, setPolitical] = useState(member.political);
  const [administrative, setAdministrative] = useState(member.administrative);
  const [note, setNote] = useState(member.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function save() {
    setBusy(true);
    setError(null);
    api(`/api/memberships/${encodeURIComponent(member.membershipId)}`, {
      method: 'PATCH',
      json: { version: member.version, ...(mark !== member.mark ? { mark } : {}), political, administrative, note: note === '' ? null : note },
    }).then(
      () => props.onSaved(t('register.saved'), false),
      (e: unknown) => {
        setBusy(false);
        // 409: someone else saved first; say so in plain Danish and show the latest version.
        if (e instanceof ApiError && e.status === 409) props.onSaved(`${t('register.conflict', { name: member.municipalityName })} (${e.message})`, true);
        else setError(errorMessage(e));
      },
    );
  }

  return (
    <Dialog
      title={t('register.editTitle', { name: member.municipalityName })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-primary" onClick={save} disabled={busy}>
            {t('register.save')}
          </button>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            {t('register.cancel')}
          </button>
        </>
      }
    >
      <ErrorAlert message={error} />
      {/* A Tabel 2 mark implies its flags: choosing a mark sets them; flags that contradict it are refused on saving. */}
      <div className="form-group">
        <label className="form-label" htmlFor="edit-mark">
          {t('register.mark')}
        </label>
        <span className="form-hint" id="edit-mark-hint">
          {t('register.markHint')}
        </span>
        <select
          className="form-select"
          id="edit-mark"
          aria-describedby="edit-mark-hint"
          value={mark}
          onChange={(e) => {
            const m = e.target.value as TabelMark;
            setMark(m);
            setPolitical(MARK_FLAGS[m].political);
            setAdministrative(MARK_FLAGS[m].administrative);
          }}
        >
          {(Object.keys(MARK_FLAGS) as TabelMark[]).map((m) => (
            <option key={m} value={m}>
              {m === '' ? t('register.noMark') : m}: {MARK_FLAGS[m].text.replace(/^intet mærke: /, '')}
            </option>
          ))}
        </select>
      </div>
      <div className="form-group form-group-checkbox">
        <input className="form-checkbox" type="checkbox" id="edit-political" checked={political} onChange={(e) => setPolitical(e.target.checked)} />
        <label className="form-label" htmlFor="edit-political">{t('register.political')}</label>
      </div>
      <div className="form-group form-group-checkbox">
        <input className="form-checkbox" type="checkbox" id="edit-administrative" checked={administrative} onChange={(e) => setAdministrative(e.target.checked)} />
        <label className="form-label" htmlFor="edit-administrative">{t('register.administrative')}</label>
      </div>
      <div className="form-group">
        <label className="form-label" htmlFor="edit-note">{t('register.note')}</label>
        <input className="form-input" id="edit-note" value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
    </Dialog>
  );
}
