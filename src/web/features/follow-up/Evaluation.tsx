import { useState } from 'react';
import { EVALUATION_STATUS_LABELS, RECOMMENDATION_LABELS, type RecommendationKind } from '../../../core/follow-up/evaluation.ts';
import { api, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { date, kr } from '../../lib/format.ts';
import { resourceKey, useLoad } from '../../lib/query.ts';
import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href } from '../../lib/router.ts';
import { canEditCluster, canEditSsu, isAdmin, useSession } from '../../lib/session.ts';
import { Field } from '../../components/Field.tsx';
import { DateInput } from '../../components/DateInput.tsx';
import { period } from './FollowUp.tsx';
import { Upload } from '../governance/index.ts';
import { useServerLabels } from '../../lib/text/server-labels.ts';
import { todayIso } from '../../lib/clock.ts';

type EvaluationData = ApiResponse<'/api/clusters/{clusterId}/evaluations/{evaluationId}'>;
type Question = EvaluationData['evaluation']['guide']['questions'][number];

/** One evaluation: the cluster fills and submits it; the SSU of its region discusses and decides. */
export function EvaluationPage(props: { scopeKind: string | undefined; scopeId: string | undefined; evaluationId: string | undefined }) {
  const { t } = useI18n();
  const labels = useServerLabels();
  const { user } = useSession().session;
  const ssu = props.scopeKind === 'ssu';
  const scopeId = props.scopeId ?? '';
  const url = `${ssu ? `/api/regions/${scopeId}` : `/api/clusters/${scopeId}`}/evaluations/${props.evaluationId ?? ''}`;
  const loaded = useLoad(() => api<EvaluationData>(url), resourceKey(url));
  const [error, setError] = useState<string | null>(null);

  if (loaded.loading && !loaded.data) return <Loading />;
  const d = loaded.data;
  if (!d) return <ErrorAlert message={loaded.error} />;
  const e = d.evaluation;
  const draft = e.status === 'draft';
  const clusterEdit = !ssu && draft && canEditCluster(user, e.clusterId);
  const ssuEdit = ssu && canEditSsu(user, e.regionId);

  const run = (command: Record<string, unknown>, path: 'commands' | 'history' = 'commands') => {
    setError(null);
    return api(`${url}/${path}`, { method: 'POST', json: { version: d.version, command } }).then(
      () => loaded.reload(),
      (err: unknown) => setError(errorMessage(err)),
    );
  };

  return (
    <>
      <p>
        <a href={ssu ? href('ssu', scopeId) : href('follow-up', scopeId)}>← {ssu ? t('ssu.pageTitle') : t('fu.pageTitle')}</a>
      </p>
      <h1>{t('ev.title', { title: d.initiative.title })}</h1>
      <dl className="explanation">
        <div className="explanation-item">
          <dt>{t('fu.cluster')}</dt>
          <dd>{d.clusterName}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('fu.status')}</dt>
          <dd data-testid="evaluation-status">{EVALUATION_STATUS_LABELS[e.status]}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('fu.targetGroup')}</dt>
          <dd>{labels.targetGroup(d.initiative.targetGroup)}</dd>
        </div>
        <div className="explanation-item">
          <dt>{t('fu.period')}</dt>
          <dd>
            {period(d.initiative.startPeriod)}–{period(d.initiative.endPeriod)}
          </dd>
        </div>
        <div className="explanation-item">
          <dt>{t('fu.forecast')}</dt>
          <dd>{kr(d.initiative.forecastTotalOre)}</dd>
        </div>
      </dl>
      {!draft ? (
        <div className="alert alert-info" role="status">
          <div className="alert-body">
            <p className="alert-text">{t('ev.locked')}</p>
          </div>
        </div>
      ) : null}
      <ErrorAlert message={error} />
      <Plan key={`plan-${String(d.version)}`} e={e} editable={clusterEdit} run={run} />
      <Answers key={`answers-${String(d.version)}`} e={e} editable={clusterEdit} run={run} />
      <section>
        <h2>{t('ev.attachments')}</h2>
        {e.attachments.length === 0 ? <p>{t('fu.none')}</p> : null}
        <ul>
          {e.attachments.map((a) => (
            <li key={a.id}>
              <a href={`${url}/attachments/${a.id}`} download>
                {a.fileName}
              </a>
            </li>
          ))}
        </ul>
        {clusterEdit ? <Upload url={`${url}/attachments?version=${String(d.version)}`} onDone={loaded.reload} onError={setError} /> : null}
      </section>
      <Conclusion key={`c-${String(d.version)}`} e={e} editable={clusterEdit} run={run} />
      {clusterEdit ? (
        <button type="button" className="button button-primary" onClick={() => void run({ type: 'submit' })}>
          {t('ev.submit')}
        </button>
      ) : null}
      <SsuPart d={d} editable={ssuEdit} run={run} />
    </>
  );
}

/** Runs a command; `history` is an administrator's entry of past history with its real dates. */
type Run = (command: Record<string, unknown>, path?: 'commands' | 'history') => Promise<void>;

function Plan(props: { e: EvaluationData['evaluation']; editable: boolean; run: Run }) {
  const { t } = useI18n();
  const { e } = props;
  const [description, setDescription] = useState('');
  const [measure, setMeasure] = useState('');
  const [target, setTarget] = useState('');
  const [dates, setDates] = useState('');
  const [criterion, setCriterion] = useState(e.criteria[0]?.id ?? '');
  const [measuredOn, setMeasuredOn] = useState('');
  const [value, setValue] = useState('');
  return (
    <section>
      <h2>{t('ev.plan')}</h2>
      {e.criteria.length === 0 ? <p>{t('fu.none')}</p> : null}
      <ul>
        {e.criteria.map((c) => (
          <li key={c.id}>
            <strong>{c.description}</strong> – {c.measure}
            {c.target ? ` (${t('ev.target').toLowerCase()}: ${c.target})` : ''}; {c.measurementDates.map(date).join(', ')}
            <ul>
              {e.results
                .filter((r) => r.criterionId === c.id)
                .map((r, i) => (
                  <li key={i}>
                    {t('ev.value')}: {r.value} ({date(r.measuredOn)})
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
      {props.editable ? (
        <>
          <fieldset className="member-form">
            <legend className="h5">{t('ev.criterion')}</legend>
            <div className="filter-row">
              <Field label={t('ev.criterion')}>{(id) => <input className="form-input" id={id} value={description} onChange={(x) => setDescription(x.target.value)} />}</Field>
              <Field label={t('ev.measure')}>{(id) => <input className="form-input" id={id} value={measure} onChange={(x) => setMeasure(x.target.value)} />}</Field>
              <Field label={t('ev.target')}>{(id) => <input className="form-input input-width-s" id={id} value={target} onChange={(x) => setTarget(x.target.value)} />}</Field>
            </div>
            <Field label={t('ev.dates')}>{(id) => <input className="form-input" id={id} value={dates} onChange={(x) => setDates(x.target.value)} />}</Field>
            <button
              type="button"
              className="button button-secondary"
              onClick={() =>
                void props.run({
                  type: 'set-plan',
                  criteria: [...e.criteria, { id: `k${String(e.criteria.length + 1)}`, description, measure, target, measurementDates: dates.split(',').map((s) => s.trim()).filter((s) => s !== '') }],
                })
              }
            >
              {t('ev.savePlan')}
            </button>
          </fieldset>
          {e.criteria.length > 0 ? (
            <fieldset className="member-form">
              <legend className="h5">{t('ev.recordResult')}</legend>
              <div className="filter-row">
                <Field label={t('ev.criterion')}>
                  {(id) => (
                    <select className="form-select" id={id} value={criterion || (e.criteria[0]?.id ?? '')} onChange={(x) => setCriterion(x.target.value)}>
                      {e.criteria.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.description}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('ev.measuredOn')}>{(id, describedBy) => <DateInput id={id} describedBy={describedBy} value={measuredOn} onChange={setMeasuredOn} />}</Field>
                <Field label={t('ev.value')}>{(id) => <input className="form-input" id={id} value={value} onChange={(x) => setValue(x.target.value)} />}</Field>
              </div>
              <button type="button" className="button button-secondary" onClick={() => void props.run({ type: 'record-result', criterionId: criterion || (e.criteria[0]?.id ?? ''), measuredOn, value })}>
                {t('ev.recordResult')}
              </button>
            </fieldset>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The select's value for "another answer" (question 5 takes free text too). */
const OTHER = '__other__';

function Answers(props: { e: EvaluationData['evaluation']; editable: boolean; run: Run }) {
  const { t } = useI18n();
  const { e } = props;
  const notRelevant = e.notRelevant ?? {};
  const [answers, setAnswers] = useState<Record<string, string>>(Object.fromEntries(Object.entries(e.answers).map(([k, v]) => [k, String(v)])));
  // Questions whose stored answer is free text beside the options start in "Andet".
  const [other, setOther] = useState<Record<string, boolean>>(
    Object.fromEntries(e.guide.questions.filter((q) => q.allowOther === true && e.answers[q.id] !== undefined && !(q.choices ?? []).includes(String(e.answers[q.id]))).map((q) => [q.id, true])),
  );
  function save() {
    const out: Record<string, string | number | null> = {};
    for (const q of e.guide.questions) {
      if (notRelevant[q.id] !== undefined) continue;
      const v = (answers[q.id] ?? '').trim();
      out[q.id] = v === '' ? null : q.type === 'number' ? Number(v.replace(/\./g, '').replace(',', '.')) : v;
    }
    void props.run({ type: 'answer', answers: out });
  }
  const set = (id: string, v: string) => setAnswers({ ...answers, [id]: v });
  const textOf = (id: string) => e.guide.questions.find((q) => q.id === id)?.text ?? id;
  return (
    <section>
      <h2>{t('ev.answers')}</h2>
      <p>{t('ev.guideInspiration')}</p>
      {e.guide.questions.map((q) => {
        const reason = notRelevant[q.id];
        const hint = [t(`ev.origin.${q.origin}` as MessageKey), q.specifies !== undefined ? t('ev.specifies', { question: textOf(q.specifies) }) : null, q.required ? null : t('ev.optional')].filter((x) => x !== null).join(' · ');
        return (
          <div key={q.id} className={q.specifies !== undefined ? 'question question--specification' : 'question'}>
            {reason !== undefined ? (
              <NotRelevant question={q} reason={reason} editable={props.editable} run={props.run} />
            ) : (
              <Field label={`${q.text}${q.required ? ' *' : ''}`} hint={hint}>
                {(id, hintId) =>
                  !props.editable ? (
                    <p id={id} aria-describedby={hintId} className="answer">
                      {String(e.answers[q.id] ?? '–')}
                    </p>
                  ) : q.type === 'choice' ? (
                    <select
                      className="form-select"
                      id={id}
                      aria-describedby={hintId}
                      value={other[q.id] === true ? OTHER : (answers[q.id] ?? '')}
                      onChange={(x) => {
                        const isOther = x.target.value === OTHER;
                        setOther({ ...other, [q.id]: isOther });
                        set(q.id, isOther ? '' : x.target.value);
                      }}
                    >
                      <option value="">{t('ev.choose')}</option>
                      {(q.choices ?? []).map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                      {q.allowOther === true ? <option value={OTHER}>{t('ev.otherAnswer')}</option> : null}
                    </select>
                  ) : q.type === 'free-text' ? (
                    <textarea className="form-input" id={id} aria-describedby={hintId} rows={2} value={answers[q.id] ?? ''} onChange={(x) => set(q.id, x.target.value)} />
                  ) : (
                    <input
                      className="form-input input-width-s"
                      id={id}
                      aria-describedby={hintId}
                      type={q.type === 'date' ? 'date' : 'text'}
                      inputMode={q.type === 'number' ? 'decimal' : undefined}
                      value={answers[q.id] ?? ''}
                      onChange={(x) => set(q.id, x.target.value)}
                    />
                  )
                }
              </Field>
            )}
            {props.editable && reason === undefined && q.type === 'choice' && other[q.id] === true ? (
              <Field label={t('ev.otherAnswerText', { question: q.text })}>{(id) => <input className="form-input" id={id} value={answers[q.id] ?? ''} onChange={(x) => set(q.id, x.target.value)} />}</Field>
            ) : null}
            {props.editable && reason === undefined ? <MarkNotRelevant question={q} run={props.run} /> : null}
          </div>
        );
      })}
      {props.editable ? (
        <button type="button" className="button button-secondary" onClick={save}>
          {t('ev.saveAnswers')}
        </button>
      ) : null}
    </section>
  );
}

/** A question answered "ikke relevant": the reason, and (while a draft) a way back. */
function NotRelevant(props: { question: Question; reason: string; editable: boolean; run: Run }) {
  const { t } = useI18n();
  return (
    <div className="form-group">
      <p className="form-label">{props.question.text}</p>
      <p className="answer">{t('ev.notRelevantShown', { reason: props.reason })}</p>
      {props.editable ? (
        <button type="button" className="button button-tertiary" onClick={() => void props.run({ type: 'mark-not-relevant', questionId: props.question.id, reason: null })}>
          {t('ev.notRelevantUndo')}
        </button>
      ) : null}
    </div>
  );
}

/** "Ikke relevant" with a reason (seed 002: the guide is inspiration, not a form to fill blindly). */
function MarkNotRelevant(props: { question: Question; run: Run }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <button type="button" className="button button-tertiary not-relevant-toggle" aria-label={t('ev.notRelevantFor', { question: props.question.text })} onClick={() => setOpen(true)}>
        {t('ev.notRelevant')}
      </button>
    );
  }
  return (
    <div className="not-relevant">
      <Field label={t('ev.notRelevantReason', { question: props.question.text })}>
        {(id) => <input className="form-input" id={id} value={reason} onChange={(x) => setReason(x.target.value)} />}
      </Field>
      <button type="button" className="button button-secondary" onClick={() => void props.run({ type: 'mark-not-relevant', questionId: props.question.id, reason })}>
        {t('ev.notRelevantSave')}
      </button>{' '}
      <button type="button" className="button button-tertiary" onClick={() => setOpen(false)}>
        {t('ev.cancel')}
      </button>
    </div>
  );
}

function Conclusion(props: { e: EvaluationData['evaluation']; editable: boolean; run: Run }) {
  const { t } = useI18n();
  const [text, setText] = useState(props.e.conclusion);
  return (
    <section>
      <h2>{t('ev.conclusion')}</h2>
      {props.editable ? (
        <>
          <Field label={t('ev.conclusion')}>{(id) => <textarea className="form-input" id={id} rows={4} value={text} onChange={(x) => setText(x.target.value)} />}</Field>
          <button type="button" className="button button-secondary" onClick={() => void props.run({ type: 'set-conclusion', conclusion: text })}>
            {t('ev.saveConclusion')}
          </button>
        </>
      ) : (
        <p>{props.e.conclusion || '–'}</p>
      )}
    </section>
  );
}

function SsuPart(props: { d: EvaluationData; editable: boolean; run: Run }) {
  const { t } = useI18n();
  const { d } = props;
  const e = d.evaluation;
  const meetings = useLoad(
    // The cluster's own users do not read the SSU's meetings; they see the discussion without its title.
    () => (e.status === 'draft' ? Promise.resolve([]) : api<ApiResponse<'/api/regions/{regionCode}/meetings'>>(`/api/regions/${e.regionId}/meetings`).then((r) => r.meetings.filter((m) => !m.cancelled), () => [])),
    ['regions', e.regionId, 'meetings', 'open', e.status],
  );
  const [meetingId, setMeetingId] = useState('');
  const [kind, setKind] = useState<RecommendationKind>('spread-to-clusters');
  const [clusters, setClusters] = useState<string[]>([]);
  const [justification, setJustification] = useState('');
  // An administrator may enter past history (e.g. 2022's SSU meetings) with its real dates.
  const { user } = useSession().session;
  const admin = user !== null && isAdmin(user);
  const [afterwards, setAfterwards] = useState(false);
  const [decidedOn, setDecidedOn] = useState('');
  if (e.status === 'draft') return null;
  const path = afterwards ? 'history' : 'commands';
  // The SSU recommends within its region; the names carry the region ("Klynge By (Region Hovedstaden)").
  const regionClusters = Object.entries(d.clusterNames).filter(([id, name]) => id !== e.clusterId && name.endsWith(`(${d.regionName})`));
  const meetingTitle = (id: string) => meetings.data?.find((m) => m.id === id)?.title ?? d.decisions.find((x) => x.meetingId === id)?.meetingTitle ?? '';
  const today = todayIso();

  return (
    <section className="ssu-part">
      <h2>{t('ev.ssu')}</h2>
      <h3>{t('ev.discussion')}</h3>
      {e.discussion ? (
        <p>
          {t('ev.discussedAt', { meeting: meetingTitle(e.discussion.meetingId) || t('ev.meeting'), date: date(e.discussion.date) })}
          {e.discussion.enteredAfterwards === true ? ` (${t('ev.enteredAfterwards')})` : ''}
        </p>
      ) : null}
      {props.editable && admin && (e.status === 'submitted' || e.status === 'discussed') ? (
        <div className="form-group-checkbox">
          <input className="form-checkbox" type="checkbox" id="history-afterwards" checked={afterwards} onChange={(x) => setAfterwards(x.target.checked)} />
          <label className="form-label" htmlFor="history-afterwards">
            {t('ev.afterwardsToggle')}
          </label>
        </div>
      ) : null}
      {props.editable && e.status === 'submitted' ? (
        (meetings.data ?? []).length === 0 ? (
          <p>{t('ev.noMeetings')}</p>
        ) : (
          <div className="filter-row">
            <Field label={t('ev.meeting')}>
              {(id) => (
                <select className="form-select" id={id} value={meetingId} onChange={(x) => setMeetingId(x.target.value)}>
                  <option value="">{t('ev.choose')}</option>
                  {(meetings.data ?? []).map((m) => (
                    <option key={m.id} value={m.id}>
                      {date(m.date)} – {m.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="button" className="button button-secondary align-end" onClick={() => void props.run({ type: 'record-discussion', meetingId }, path)}>
              {t('ev.recordDiscussion')}
            </button>
          </div>
        )
      ) : null}
      <h3>{t('ev.decision')}</h3>
      {e.decision ? (
        <div data-testid="ssu-decision">
          <p>
            <strong>{RECOMMENDATION_LABELS[e.decision.recommendation.kind]}</strong>
            {e.decision.recommendation.kind === 'spread-to-clusters' ? `: ${e.decision.recommendation.clusterIds.map((c) => d.clusterNames[c] ?? c).join(', ')}` : ''}
          </p>
          <p>{e.decision.justification}</p>
          <p className="form-hint">
            {t('ev.decidedOn', { date: date(e.decision.decidedOn) })}
            {e.decision.enteredAfterwards === true ? ` (${t('ev.enteredAfterwards')})` : ''}
          </p>
        </div>
      ) : null}
      {d.decisions.map((x) => (
        <p key={`${x.meetingId}`}>
          {t('ev.madeBy')}: <a href={href('meeting', 'ssu', e.regionId, x.meetingId)}>{x.meetingTitle}</a> ({date(x.meetingDate)}) – {x.text}
        </p>
      ))}
      {props.editable && e.status === 'discussed' ? (
        <fieldset className="member-form">
          <legend className="h5">{t('ev.decide')}</legend>
          <Field label={t('ev.recommendation')}>
            {(id) => (
              <select className="form-select" id={id} value={kind} onChange={(x) => setKind(x.target.value as RecommendationKind)}>
                {(Object.keys(RECOMMENDATION_LABELS) as RecommendationKind[]).map((k) => (
                  <option key={k} value={k}>
                    {RECOMMENDATION_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {kind === 'spread-to-clusters' ? (
            <fieldset>
              <legend className="form-label">{t('ev.toClusters')}</legend>
              {regionClusters.map(([id, name]) => (
                <div key={id} className="form-group-checkbox">
                  <input
                    className="form-checkbox"
                    type="checkbox"
                    id={`to-${id}`}
                    checked={clusters.includes(id)}
                    onChange={(x) => setClusters(x.target.checked ? [...clusters, id] : clusters.filter((c) => c !== id))}
                  />
                  <label className="form-label" htmlFor={`to-${id}`}>
                    {name}
                  </label>
                </div>
              ))}
            </fieldset>
          ) : null}
          <Field label={t('ev.justification')}>{(id) => <textarea className="form-input" id={id} rows={3} value={justification} onChange={(x) => setJustification(x.target.value)} />}</Field>
          {afterwards ? <Field label={t('ev.decidedOnField')}>{(id, describedBy) => <DateInput id={id} describedBy={describedBy} value={decidedOn} onChange={setDecidedOn} />}</Field> : null}
          <button
            type="button"
            className="button button-primary"
            onClick={() => void props.run({ type: 'decide', recommendation: kind === 'spread-to-clusters' ? { kind, clusterIds: clusters } : { kind }, justification, decidedOn: afterwards ? decidedOn : today }, path)}
          >
            {t('ev.decide')}
          </button>
        </fieldset>
      ) : null}
    </section>
  );
}
