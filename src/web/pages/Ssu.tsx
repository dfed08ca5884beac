import { useState } from 'react';
import { EVALUATION_STATUS_LABELS, RECOMMENDATION_LABELS, type EvaluationStatus, type RecommendationKind } from '../../core/follow-up/evaluation.ts';
import { api } from '../api.ts';
import { ErrorAlert, Loading, SuccessAlert } from '../components/ErrorAlert.tsx';
import { pickYear, YearSelect } from '../components/YearSelect.tsx';
import { useLoad } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { useSession } from '../session.ts';
import { canEditSsu, defaultRegionCode, WarningList } from './follow-up-common.tsx';
import { GuideEditor } from './FollowUp.tsx';
import { Meetings, roleText, type Member, type MeetingSummary } from './Governance.tsx';

interface SsuData {
  regionCode: string;
  regionName: string;
  year: number;
  members: Member[];
  chairMemberId: string | null;
  viceChairMemberId: string | null;
  warnings: { code: string; message: string }[];
  cadence: { status: string; message: string };
}
interface EvaluationSummary {
  id: string;
  initiativeTitle: string;
  clusterName: string;
  status: EvaluationStatus;
  recommendation: RecommendationKind | null;
}

/** A region's SSU: submitted evaluations to discuss and decide, meetings and cadence, composition, own questions. */
export function SsuPage(props: { regionCode: string | undefined; year: string | undefined }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const regionCode = props.regionCode ?? defaultRegionCode(user);
  const [years, setYears] = useState<number[] | null>(null);
  const year = years ? pickYear(props.year, years) : null;
  const ssu = useLoad(() => (year === null ? Promise.resolve(null) : api<SsuData>(`/api/regions/${regionCode}/years/${year}/ssu`)), `${regionCode}/${String(year)}`);
  const evaluations = useLoad(() => api<{ evaluations: EvaluationSummary[] }>(`/api/regions/${regionCode}/evaluations`), `e/${regionCode}`);
  const meetings = useLoad(() => api<{ meetings: MeetingSummary[] }>(`/api/regions/${regionCode}/meetings`), `m/${regionCode}`);
  const editable = canEditSsu(user, regionCode);
  const name = (id: string | null) => ssu.data?.members.find((m) => m.id === id)?.name ?? t('gov.notChosen');

  return (
    <>
      <h1>{ssu.data ? t('ssu.title', { region: ssu.data.regionName }) : t('ssu.pageTitle')}</h1>
      <p>{t('ssu.intro')}</p>
      <YearSelect value={year} onChange={(y) => navigate(href('ssu', regionCode, y))} onLoaded={setYears} />
      <ErrorAlert message={ssu.error ?? evaluations.error} />
      {evaluations.loading ? <Loading /> : null}
      <section>
        <div className="table--responsive-scroll">
          <table className="table table--zebra table--compact">
            <caption>
              <h2>{t('ssu.evaluations')}</h2>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('fu.title')}</th>
                <th scope="col">{t('fu.cluster')}</th>
                <th scope="col">{t('fu.status')}</th>
                <th scope="col">{t('cat.recommendation')}</th>
              </tr>
            </thead>
            <tbody>
              {(evaluations.data?.evaluations ?? []).length === 0 ? (
                <tr>
                  <td colSpan={4}>{t('fu.none')}</td>
                </tr>
              ) : null}
              {(evaluations.data?.evaluations ?? []).map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <a href={href('evaluation', 'ssu', regionCode, e.id)}>{e.initiativeTitle}</a>
                  </th>
                  <td>{e.clusterName}</td>
                  <td>{EVALUATION_STATUS_LABELS[e.status]}</td>
                  <td>{e.recommendation ? RECOMMENDATION_LABELS[e.recommendation] : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {ssu.data ? (
        <section>
          <h2>{t('gov.cadence', { year: ssu.data.year })}</h2>
          <p>{ssu.data.cadence.message}</p>
        </section>
      ) : null}
      <Meetings scopePath={`/api/regions/${regionCode}`} scopeKind="ssu" scopeId={regionCode} list={meetings.data?.meetings ?? null} error={meetings.error} editable={editable} onCreated={meetings.reload} />
      {ssu.data ? (
        <section>
          <h2>{t('ssu.members')}</h2>
          {ssu.data.warnings.length > 0 ? <WarningList heading={t('gov.warnings', { count: ssu.data.warnings.length })} items={ssu.data.warnings} /> : <SuccessAlert message={t('gov.noWarnings')} />}
          <p>
            {t('ssu.chair')}: {name(ssu.data.chairMemberId)}. {t('ssu.viceChair')}: {name(ssu.data.viceChairMemberId)}.
          </p>
          <ul>
            {ssu.data.members.map((m) => (
              <li key={m.id}>
                {m.name}, {m.organisation} – {roleText(m.role, t, [])}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <GuideEditor url={`/api/regions/${regionCode}/evaluation-guide`} title={t('ssu.guide')} editable={editable} />
    </>
  );
}
