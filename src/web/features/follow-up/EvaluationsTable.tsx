import type { ApiResponse } from '../../lib/api.ts';
import { EVALUATION_STATUS_LABELS, RECOMMENDATION_LABELS } from '../../../core/follow-up/evaluation.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

export type EvaluationSummary = ApiResponse<'/api/clusters/{clusterId}/evaluations'>['evaluations'][number];

/** The evaluations of a cluster or of an SSU's region: title (link), cluster, status, recommendation. */
export function EvaluationsTable(props: { heading: string; evaluations: readonly EvaluationSummary[]; linkOf: (id: string) => string; showCluster: boolean }) {
  const { t } = useI18n();
  const columns = props.showCluster ? 4 : 3;
  return (
    <section>
      <ScrollRegion>
        <table className="table table--zebra table--compact">
          <caption>
            <h2>{props.heading}</h2>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('fu.title')}</th>
              {props.showCluster ? <th scope="col">{t('fu.cluster')}</th> : null}
              <th scope="col">{t('fu.status')}</th>
              <th scope="col">{t('cat.recommendation')}</th>
            </tr>
          </thead>
          <tbody>
            {props.evaluations.length === 0 ? (
              <tr>
                <td colSpan={columns}>{t('fu.none')}</td>
              </tr>
            ) : null}
            {props.evaluations.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <a href={props.linkOf(e.id)}>{e.initiativeTitle}</a>
                </th>
                {props.showCluster ? <td>{e.clusterName}</td> : null}
                <td>{EVALUATION_STATUS_LABELS[e.status]}</td>
                <td>{e.recommendation ? RECOMMENDATION_LABELS[e.recommendation] : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
