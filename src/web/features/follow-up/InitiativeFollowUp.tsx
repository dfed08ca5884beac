import { useI18n } from '../../lib/text/i18n.ts';
import { api, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { date, kr } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { href } from '../../lib/router.ts';
import type { InitiativeStatus } from '../../../core/economy/initiative.ts';
import { EVALUATION_STATUS_LABELS } from '../../../core/follow-up/evaluation.ts';
import { period } from './FollowUp.tsx';
import { useServerLabels } from '../../lib/text/server-labels.ts';

type Data = ApiResponse<'/api/follow-up/initiatives/{initiativeId}'>;
type LineageEntry = Data['lineage']['ancestors'][number];

/** An initiative's follow-up: the decisions that made it, where it came from and went, its evaluations. */
export function InitiativeFollowUpPage(props: { initiativeId: string | undefined }) {
  const { t } = useI18n();
  const labels = useServerLabels();
  const id = props.initiativeId ?? '';
  const loaded = useLoad(() => api<Data>(`/api/follow-up/initiatives/${encodeURIComponent(id)}`), ['follow-up', 'initiatives', id]);
  if (loaded.loading && !loaded.data) return <Loading />;
  const d = loaded.data;
  if (!d) return <ErrorAlert message={loaded.error} />;
  const i = d.initiative;
  const entry = (e: LineageEntry) => (
    <li key={e.initiativeId}>
      <a href={href('catalogue', e.title)}>{e.title}</a> – {e.clusterName}
    </li>
  );
  return (
    <>
      <p>
        <a href={href('follow-up', i.clusterId)}>← {t('fu.pageTitle')}</a>
      </p>
      <h1>{t('ini.title', { title: i.title })}</h1>
      <dl className="explanation">
        <div className="explanation-item">
          <dt>{t('fu.cluster')}</dt>
          <dd>{d.clusterName}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('fu.targetGroup')}</dt>
          <dd>{labels.targetGroup(i.targetGroup)}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('fu.period')}</dt>
          <dd>
            {period(i.startPeriod)}–{period(i.endPeriod)}
          </dd>
        </div>
        <div className="explanation-item">
          <dt>{t('fu.forecast')}</dt>
          <dd>{kr(i.forecastTotalOre)}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('fu.status')}</dt>
          <dd data-testid="initiative-status">{t(`initiative.status.${i.status as InitiativeStatus}`)}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('ini.approval')}</dt>
          <dd>{i.approval ? `${date(i.approval.date)} – ${i.approval.meetingReference}` : t('ini.notApproved')}</dd>
        </div>
      </dl>
      {i.description ? <p>{i.description}</p> : null}
      <section>
        <h2>{t('ini.decisions')}</h2>
        {d.decisions.length === 0 ? <p>{t('ini.noDecisions')}</p> : null}
        <ul data-testid="initiative-decisions">
          {d.decisions.map((x) => (
            <li key={`${x.meetingId}-${x.text}`}>
              <a href={href('meeting', x.scope.kind, x.scope.kind === 'ssu' ? (x.scope.regionCode ?? '') : (x.scope.clusterId ?? ''), x.meetingId)}>{x.meetingTitle}</a> ({labels.body(x.bodyLabel)}, {date(x.meetingDate)}): {x.text}
              {x.provisional ? ` ${t('ini.provisional')}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section data-testid="lineage">
        <h2>{t('ini.lineage')}</h2>
        {d.lineage.ancestors.length === 0 && d.lineage.descendants.length === 0 ? <p>{t('ini.noLineage')}</p> : null}
        {d.lineage.ancestors.length > 0 ? (
          <>
            <h3>{t('ini.adoptedFrom')}</h3>
            <ul>{d.lineage.ancestors.map(entry)}</ul>
          </>
        ) : null}
        {d.lineage.descendants.length > 0 ? (
          <>
            <h3>{t('ini.adoptedBy')}</h3>
            <ul>{d.lineage.descendants.map(entry)}</ul>
          </>
        ) : null}
      </section>
      <section>
        <h2>{t('fu.evaluations')}</h2>
        {d.evaluations.length === 0 ? <p>{t('fu.none')}</p> : null}
        <ul>
          {d.evaluations.map((e) => (
            <li key={e.id}>
              <a href={href('evaluation', 'cluster', i.clusterId, e.id)}>{EVALUATION_STATUS_LABELS[e.status]}</a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
