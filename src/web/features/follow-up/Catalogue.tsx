import { useState } from 'react';
import { STATUS_LABEL, TARGET_GROUP_LABEL, type InitiativeStatus, type TargetGroup } from '../../../core/economy/initiative.ts';
import { RECOMMENDATION_LABELS, EVALUATION_STATUS_LABELS, type RecommendationKind } from '../../../core/follow-up/evaluation.ts';
import { api, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { integer, kr } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { Field } from '../../components/Field.tsx';
import { useServerLabels } from '../../lib/text/server-labels.ts';

type Data = ApiResponse<'/api/catalogue'>;

/** The knowledge catalogue (vidensbank): search and filter initiatives and evaluations across clusters. */
export function CataloguePage(props: { text: string | undefined }) {
  const { t } = useI18n();
  const labels = useServerLabels();
  const [text, setText] = useState(props.text ?? '');
  const [region, setRegion] = useState('');
  const [cluster, setCluster] = useState('');
  const [targetGroup, setTargetGroup] = useState('');
  const [status, setStatus] = useState('');
  const [recommendation, setRecommendation] = useState('');
  const [year, setYear] = useState('');
  const [query, setQuery] = useState(props.text ? `q=${encodeURIComponent(props.text)}` : '');
  const data = useLoad(() => api<Data>(`/api/catalogue${query ? `?${query}` : ''}`), ['catalogue', query]);
  const regions = [...new Map((data.data?.clusters ?? []).map((c) => [c.regionCode, c.regionName])).entries()];
  // With a region chosen, only its clusters are offered (a cluster of another region would find nothing).
  const clusters = (data.data?.clusters ?? []).filter((c) => region === '' || c.regionCode === region);

  function search(e: React.FormEvent) {
    e.preventDefault();
    const q = new URLSearchParams();
    if (text.trim()) q.set('q', text.trim());
    if (region) q.set('region', region);
    if (cluster) q.set('cluster', cluster);
    // The API matches target groups by their Danish names (as the entries show them).
    if (targetGroup) q.set('targetGroup', TARGET_GROUP_LABEL[targetGroup as TargetGroup]);
    if (status) q.set('status', status);
    if (recommendation) q.set('recommendation', recommendation);
    if (year) q.set('year', year);
    setQuery(q.toString());
  }

  return (
    <>
      <h1>{t('cat.title')}</h1>
      <p>{t('cat.intro')}</p>
      <form onSubmit={search} role="search" className="filter-row">
        <Field label={t('cat.search')}>{(id) => <input className="form-input" id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} />}</Field>
        <Field label={t('fu.region')}>
          {(id) => (
            <select className="form-select" id={id} value={region} onChange={(e) => setRegion(e.target.value)}>
              <option value="">{t('cat.all')}</option>
              {regions.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fu.cluster')}>
          {(id) => (
            <select className="form-select" id={id} value={clusters.some((c) => c.id === cluster) ? cluster : ''} onChange={(e) => setCluster(e.target.value)}>
              <option value="">{t('cat.all')}</option>
              {clusters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.regionName})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fu.targetGroup')}>
          {(id) => (
            <select className="form-select" id={id} value={targetGroup} onChange={(e) => setTargetGroup(e.target.value)}>
              <option value="">{t('cat.all')}</option>
              {(Object.keys(TARGET_GROUP_LABEL) as TargetGroup[])
                .filter((k) => k !== 'other')
                .map((k) => (
                  <option key={k} value={k}>
                    {t(`initiative.targetGroup.${k}`)}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('cat.initiativeStatus')}>
          {(id) => (
            <select className="form-select" id={id} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('cat.all')}</option>
              {(Object.keys(STATUS_LABEL) as InitiativeStatus[]).map((k) => (
                <option key={k} value={k}>
                  {t(`initiative.status.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cat.recommendation')}>
          {(id) => (
            <select className="form-select" id={id} value={recommendation} onChange={(e) => setRecommendation(e.target.value)}>
              <option value="">{t('cat.all')}</option>
              {(Object.keys(RECOMMENDATION_LABELS) as RecommendationKind[]).map((k) => (
                <option key={k} value={k}>
                  {RECOMMENDATION_LABELS[k]}
                </option>
              ))}
              <option value="none-yet">{t('cat.noneYet')}</option>
            </select>
          )}
        </Field>
        <Field label={t('cat.year')}>{(id) => <input className="form-input input-width-xs" id={id} inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} />}</Field>
        <button type="submit" className="button button-primary align-end">
          {t('cat.search')}
        </button>
      </form>
      <ErrorAlert message={data.error} />
      {data.loading ? <Loading /> : null}
      {data.data ? <p role="status">{data.data.entries.length === 1 ? t('cat.countOne') : t('cat.count', { count: integer(data.data.entries.length) })}</p> : null}
      <ul className="catalogue unstyled-list">
        {(data.data?.entries ?? []).map((e) => (
          <li key={e.initiativeId} className="catalogue-entry">
            <h2 className="h3">{e.title}</h2>
            <p className="form-hint">
              {e.clusterName} ({e.regionName}) · {labels.targetGroup(e.targetGroup)} · {e.startYear === e.endYear ? e.startYear : `${String(e.startYear)}–${String(e.endYear)}`}
              {e.originInitiativeId ? ` · ${t('cat.adoptedFrom')}` : ''}
            </p>
            <dl className="explanation">
              <div className="explanation-item">
                <dt>{t('cat.cost')}</dt>
                <dd>{kr(e.costOre)}</dd>
              </div>
              <div className="explanation-item">
                <dt>{t('cat.duration')}</dt>
                <dd>{t('cat.months', { count: e.durationMonths })}</dd>
              </div>
              <div className="explanation-item">
                <dt>{t('cat.initiativeStatus')}</dt>
                <dd>{t(`initiative.status.${e.status}`)}</dd>
              </div>
              <div className="explanation-item">
                <dt>{t('cat.evaluation')}</dt>
                <dd>{e.evaluation ? EVALUATION_STATUS_LABELS[e.evaluation.status] : t('cat.noEvaluation')}</dd>
              </div>
              {e.evaluation && e.evaluation.results.length > 0 ? (
                <div className="explanation-item">
                  <dt>{t('cat.results')}</dt>
                  <dd>{e.evaluation.results.join('; ')}</dd>
                </div>
              ) : null}
              <div className="explanation-item">
                <dt>{t('cat.decision')}</dt>
                <dd>{e.evaluation?.decision ? `${RECOMMENDATION_LABELS[e.evaluation.decision.recommendation.kind]}. ${e.evaluation.decision.justification}` : t('cat.noneYet')}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
