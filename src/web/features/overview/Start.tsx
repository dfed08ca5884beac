import { api } from '../../lib/api.ts';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { date } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href } from '../../lib/router.ts';
import { ClusterYearView } from './ClusterYear.tsx';
import { ComparisonView } from './Comparison.tsx';
import type { StartOverview } from './types.ts';
import './overview.css';

/** Where a task is done. */
function taskLink(task: StartOverview['tasks'][number], year: number): string {
  switch (task.kind) {
    // Straight to the initiative's panel, where it is approved.
    case 'approve-initiative':
      return href('economy', task.clusterId ?? '', year, 'initiatives', task.ref);
    case 'close-year':
      return href('economy', task.clusterId ?? '', task.ref, 'year-end');
    case 'approve-minutes':
      return href('meeting', 'cluster', task.clusterId ?? '', task.ref);
    case 'evaluation-to-ssu':
      return task.regionCode !== null ? href('evaluation', 'ssu', task.regionCode, task.ref) : href('evaluation', 'cluster', task.clusterId ?? '', task.ref);
  }
}

/** What the task is about in the reader's language: "Nr. 2 Title" / "No. 2 Title", "Minutes title (02.03.2026)". */
function taskName(task: StartOverview['tasks'][number], t: ReturnType<typeof useI18n>['t']): string {
  if (task.number !== null) return t('ov.task.numbered', { number: task.number, title: task.text });
  if (task.date !== null) return `${task.text} (${date(task.date)})`;
  return task.text;
}

/**
 * The start page's overview (issue 12): what waits for the user, then their cluster's year (one
 * cluster: shown here; several: a link to each), their region's or the country's comparison.
 */
export function StartOverviewSection() {
  const { t } = useI18n();
  const data = useLoad(() => api<StartOverview>('/api/overview/start'), ['overview', 'start']);
  if (data.loading && !data.data) return <Loading />;
  if (data.error !== null || !data.data) return <ErrorAlert message={data.error} />;
  const o = data.data;
  const clusterName = new Map(o.clusters.map((c) => [c.clusterId, c.cluster]));
  const only = o.clusters.length === 1 ? o.clusters[0] : undefined;
  return (
    <div className="overview-start">
      <section aria-labelledby="ov-waiting" className="overview-tasks">
        <h2 id="ov-waiting">{t('ov.waiting')}</h2>
        {o.tasks.length === 0 ? (
          <p>{t('ov.nothingWaiting')}</p>
        ) : (
          <ul>
            {o.tasks.map((task) => (
              <li key={`${task.kind}:${task.clusterId ?? ''}:${task.ref}`}>
                <a href={taskLink(task, o.year)}>{t(`ov.task.${task.kind}` as MessageKey, { text: taskName(task, t) })}</a>
                {o.clusters.length > 1 && task.clusterId !== null ? <span className="muted"> – {clusterName.get(task.clusterId) ?? task.clusterId}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {o.clusters.map((c) => (
          <p key={c.clusterId}>
            {o.clusters.length > 1 ? `${c.cluster}: ` : ''}
            {c.nextMeeting ? (
              <a href={href('meeting', 'cluster', c.clusterId, c.nextMeeting.id)}>{t('ov.nextMeeting', { title: c.nextMeeting.title, date: date(c.nextMeeting.date) })}</a>
            ) : (
              t('ov.noNextMeeting')
            )}
          </p>
        ))}
      </section>
      {only ? (
        <ClusterYearView clusterId={only.clusterId} year={o.year} level={2} />
      ) : o.clusters.length > 1 ? (
        <section aria-labelledby="ov-clusters">
          <h2 id="ov-clusters">{t('ov.yourClusters')}</h2>
          <ul>
            {o.clusters.map((c) => (
              <li key={c.clusterId}>
                <a href={href('overview', 'cluster', c.clusterId, o.year)}>{t('ov.openFull', { name: `${c.cluster} (${c.regionName})` })}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {o.regions.map((r) => (
        <ComparisonView key={r.regionCode} scope={{ kind: 'region', regionCode: r.regionCode }} year={o.year} level={2} />
      ))}
      {o.national ? <ComparisonView scope={{ kind: 'national' }} year={o.year} level={2} /> : null}
    </div>
  );
}
