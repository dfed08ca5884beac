import { useState } from 'react';
import { STANDARD_QUESTIONS } from '../../../core/follow-up/evaluation-guide.ts';
import { api, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { kr } from '../../lib/format.ts';
import { resourceKey, useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { canEditCluster, defaultClusterId, useSession } from '../../lib/session.ts';
import { ClusterPicker } from '../../components/ClusterPicker.tsx';
import { EvaluationsTable } from './EvaluationsTable.tsx';
import { Field } from '../../components/Field.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { useServerLabels } from '../../lib/text/server-labels.ts';
import { currentYear } from '../../lib/clock.ts';

export type InitiativeSummary = ApiResponse<'/api/clusters/{clusterId}/follow-up/initiatives'>['initiatives'][number];
type Question = ApiResponse<'/api/clusters/{clusterId}/evaluation-guide'>['layer']['questions'][number];
type Adoptable = ApiResponse<'/api/clusters/{clusterId}/adoptable'>['adoptable'][number];

export const period = (p: string): string => p.split('-').reverse().join('.');

/** A cluster's follow-up: its own guide questions, initiatives to evaluate, evaluations, and what it may adopt. */
export function FollowUpPage(props: { clusterId: string | undefined }) {
  const { t } = useI18n();
  const labels = useServerLabels();
  const { user } = useSession().session;
  const clusterId = props.clusterId ?? defaultClusterId(user);
  const editable = canEditCluster(user, clusterId);
  const base = `/api/clusters/${clusterId}`;
  const initiatives = useLoad(() => api<ApiResponse<'/api/clusters/{clusterId}/follow-up/initiatives'>>(`${base}/follow-up/initiatives`), ['clusters', clusterId, 'follow-up', 'initiatives']);
  const evaluations = useLoad(() => api<ApiResponse<'/api/clusters/{clusterId}/evaluations'>>(`${base}/evaluations`), ['clusters', clusterId, 'evaluations']);
  const adoptable = useLoad(() => api<ApiResponse<'/api/clusters/{clusterId}/adoptable'>>(`${base}/adoptable`), ['clusters', clusterId, 'adoptable']);
  const [error, setError] = useState<string | null>(null);
  const [adopting, setAdopting] = useState<Adoptable | null>(null);

  function start(initiativeId: string) {
    setError(null);
    api<ApiResponse<'/api/clusters/{clusterId}/evaluations', 'post'>>(`${base}/evaluations`, { method: 'POST', json: { initiativeId } }).then(
      (e) => navigate(href('evaluation', 'cluster', clusterId, e.evaluation.id)),
      (e: unknown) => setError(errorMessage(e)),
    );
  }

  const evaluated = new Set((evaluations.data?.evaluations ?? []).map((e) => e.initiativeId));
  return (
    <>
      <h1>{t('fu.pageTitle')}</h1>
      <p>{t('fu.intro')}</p>
      <ClusterPicker value={clusterId} onChange={(id) => navigate(href('follow-up', id))} />
      <ErrorAlert message={error ?? initiatives.error ?? evaluations.error} />
      {initiatives.loading ? <Loading /> : null}

      <EvaluationsTable heading={t('fu.evaluations')} evaluations={evaluations.data?.evaluations ?? []} linkOf={(id) => href('evaluation', 'cluster', clusterId, id)} showCluster={false} />

      <section>
        <ScrollRegion>
          <table className="table table--zebra table--compact">
            <caption>
              <h2>{t('fu.initiatives')}</h2>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('fu.title')}</th>
                <th scope="col">{t('fu.targetGroup')}</th>
                <th scope="col">{t('fu.period')}</th>
                <th scope="col" className="numeric">
                  {t('fu.forecast')}
                </th>
                <th scope="col">
                  <span className="sr-only">{t('fu.startEvaluation')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(initiatives.data?.initiatives ?? []).map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <a href={href('initiative-follow-up', i.id)}>{i.title}</a>
                  </th>
                  <td>{labels.targetGroup(i.targetGroup)}</td>
                  <td>
                    {period(i.startPeriod)}–{period(i.endPeriod)}
                  </td>
                  <td className="numeric">{kr(i.forecastTotalOre)}</td>
                  <td>
                    {editable && !evaluated.has(i.id) ? (
                      <button type="button" className="button button-tertiary" aria-label={`${t('fu.startEvaluation')}: ${i.title}`} onClick={() => start(i.id)}>
                        {t('fu.startEvaluation')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      {(adoptable.data?.adoptable ?? []).length > 0 ? (
        <section>
          <h2>{t('fu.adoptable')}</h2>
          <ul className="adoptable">
            {(adoptable.data?.adoptable ?? []).map((a) => (
              <li key={a.evaluationId}>
                <strong>{a.initiative.title}</strong> – {a.originClusterName}. {a.recommendation?.justification ?? ''} ({kr(a.initiative.forecastTotalOre)})
                {editable ? (
                  <>
                    {' '}
                    <button type="button" className="button button-secondary" aria-label={`${t('fu.adopt')}: ${a.initiative.title}`} onClick={() => setAdopting(a)}>
                      {t('fu.adopt')}
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <GuideEditor url={`${base}/evaluation-guide`} title={t('fu.guide')} editable={editable} />
      {adopting ? <AdoptDialog clusterId={clusterId} item={adopting} onClose={() => setAdopting(null)} /> : null}
    </>
  );
}

function AdoptDialog(props: { clusterId: string; item: Adoptable; onClose: () => void }) {
  const { t } = useI18n();
  const parties = useLoad(async () => {
    // The parties of the newest register year up to this year (the register may not reach today).
    const { years } = await api<ApiResponse<'/api/years'>>('/api/years');
    const year = years.filter((y) => y <= currentYear()).at(-1) ?? years.at(-1) ?? currentYear();
    const g = await api<ApiResponse<'/api/clusters/{clusterId}/years/{year}/governance'>>(`/api/clusters/${props.clusterId}/years/${String(year)}/governance`);
    return [...g.municipalities.map((m) => ({ id: m.id, name: m.name })), { id: g.regionCode, name: g.regionName }];
  }, ['clusters', props.clusterId, 'governance', 'parties']);
  const [party, setParty] = useState('');
  const [start, setStart] = useState(props.item.initiative.startPeriod);
  const [title, setTitle] = useState(props.item.initiative.title);
  const [error, setError] = useState<string | null>(null);
  const chosen = party || parties.data?.[0]?.id || '';

  function adopt() {
    setError(null);
    api<ApiResponse<'/api/clusters/{clusterId}/adoptions', 'post'>>(`/api/clusters/${props.clusterId}/adoptions`, { method: 'POST', json: { evaluationId: props.item.evaluationId, executingParty: chosen, startPeriod: start, title } }).then(
      (r) => navigate(href('initiative-follow-up', r.initiativeId)),
      (e: unknown) => setError(errorMessage(e)),
    );
  }
  return (
    <Dialog
      title={t('fu.adoptTitle', { title: props.item.initiative.title })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-primary" onClick={adopt}>
            {t('fu.adopt')}
          </button>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            {t('fu.cancel')}
          </button>
        </>
      }
    >
      <ErrorAlert message={error} />
      <Field label={t('fu.newTitle')}>{(id) => <input className="form-input" id={id} value={title} onChange={(e) => setTitle(e.target.value)} />}</Field>
      <Field label={t('fu.executingParty')}>
        {(id) => (
          <select className="form-select" id={id} value={chosen} onChange={(e) => setParty(e.target.value)}>
            {(parties.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('fu.startPeriod')}>{(id) => <input className="form-input" id={id} value={start} onChange={(e) => setStart(e.target.value)} />}</Field>
    </Dialog>
  );
}

/** Editor of a cluster's or an SSU's own evaluation questions (a new version on every save). */
export function GuideEditor(props: { url: string; title: string; editable: boolean }) {
  const { t } = useI18n();
  const guide = useLoad(() => api<ApiResponse<'/api/clusters/{clusterId}/evaluation-guide'>>(props.url), resourceKey(props.url));
  const [specifies, setSpecifies] = useState('');
  const [text, setText] = useState('');
  const [type, setType] = useState<Question['type']>('free-text');
  const [required, setRequired] = useState(true);
  const [choices, setChoices] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const layer = guide.data?.layer;

  function save(questions: Question[], standardRequired?: Record<string, boolean>) {
    if (!layer) return;
    setError(null);
    api(props.url, { method: 'PUT', json: { version: layer.version, questions, ...(standardRequired ? { standardRequired } : {}) } }).then(
      () => {
        setSaved(t('fu.saved'));
        setText('');
        setChoices('');
        guide.reload();
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }
  function add() {
    if (!layer) return;
    const key = `q${String(layer.version + 1)}-${String(layer.questions.length + 1)}`;
    save([
      ...layer.questions,
      { key, text, type, required, ...(type === 'choice' ? { choices: choices.split(',').map((c) => c.trim()).filter((c) => c !== '') } : {}), ...(specifies !== '' ? { specifies } : {}) },
    ]);
  }
  const standardRequired = layer?.standardRequired ?? {};
  const standardText = (key: string) => STANDARD_QUESTIONS.find((q) => q.key === key)?.text ?? key;

  return (
    <section>
      <h2>{props.title}</h2>
      <p>{t('fu.guideIntro')}</p>
      <SuccessAlert message={saved} />
      <ErrorAlert message={error ?? guide.error} />
      {/* Seed 002: the guide is "til inspiration" — this level chooses which standard questions must be answered. */}
      <fieldset className="standard-required">
        <legend className="h5">{t('fu.standardRequired')}</legend>
        {STANDARD_QUESTIONS.map((q) => (
          <div key={q.key} className="form-group-checkbox">
            <input
              className="form-checkbox"
              type="checkbox"
              id={`${props.url}-std-${q.key}`}
              checked={standardRequired[q.key] !== false}
              disabled={!props.editable}
              onChange={(e) => save(layer?.questions ?? [], { ...standardRequired, [q.key]: e.target.checked })}
            />
            <label className="form-label" htmlFor={`${props.url}-std-${q.key}`}>
              {q.text}
            </label>
          </div>
        ))}
      </fieldset>
      <ul>
        {(layer?.questions ?? []).map((q) => (
          <li key={q.key}>
            {q.text} ({q.type === 'choice' ? (q.choices ?? []).join(' / ') : q.type}
            {q.required ? `, ${t('fu.required').toLowerCase()}` : ''}
            {q.specifies !== undefined ? `, ${t('fu.specifiesShort', { question: standardText(q.specifies) })}` : ''})
            {props.editable ? (
              <>
                {' '}
                <button type="button" className="button button-tertiary" aria-label={`${t('fu.remove')}: ${q.text}`} onClick={() => save((layer?.questions ?? []).filter((x) => x.key !== q.key))}>
                  {t('fu.remove')}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {(layer?.questions ?? []).length === 0 ? <p>{t('fu.none')}</p> : null}
      {props.editable ? (
        <fieldset className="member-form">
          <legend className="h5">{t('fu.addQuestion')}</legend>
          <Field label={t('fu.question')}>{(id) => <input className="form-input" id={id} value={text} onChange={(e) => setText(e.target.value)} />}</Field>
          <div className="filter-row">
            <Field label={t('fu.type')}>
              {(id) => (
                <select className="form-select" id={id} value={type} onChange={(e) => setType(e.target.value as Question['type'])}>
                  <option value="free-text">Fritekst</option>
                  <option value="number">Tal</option>
                  <option value="date">Dato</option>
                  <option value="choice">Valg</option>
                </select>
              )}
            </Field>
            <Field label={t('fu.specifies')}>
              {(id) => (
                <select className="form-select" id={id} value={specifies} onChange={(e) => setSpecifies(e.target.value)}>
                  <option value="">{t('fu.ownQuestion')}</option>
                  {STANDARD_QUESTIONS.map((q) => (
                    <option key={q.key} value={q.key}>
                      {q.text}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {type === 'choice' ? <Field label={t('fu.choices')}>{(id) => <input className="form-input" id={id} value={choices} onChange={(e) => setChoices(e.target.value)} />}</Field> : null}
            <div className="form-group form-group-checkbox">
              <input className="form-checkbox" type="checkbox" id={`${props.url}-req`} checked={required} onChange={(e) => setRequired(e.target.checked)} />
              <label className="form-label" htmlFor={`${props.url}-req`}>
                {t('fu.required')}
              </label>
            </div>
          </div>
          <button type="button" className="button button-secondary" onClick={add}>
            {t('fu.addQuestion')}
          </button>
        </fieldset>
      ) : null}
    </section>
  );
}
