import { useRef, useState } from 'react';
import { api, errorMessage, request, type ApiResponse } from '../../lib/api.ts';
import { ActionDialog } from '../../components/ActionDialog.tsx';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { date, dateTime } from '../../lib/format.ts';
import { resourceKey, useInvalidate, useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { href } from '../../lib/router.ts';
import { canEditCluster, canEditSsu, useSession } from '../../lib/session.ts';
import { Field } from '../../components/Field.tsx';
import { useServerLabels } from '../../lib/text/server-labels.ts';

type MeetingData = ApiResponse<'/api/clusters/{clusterId}/meetings/{meetingId}'>;
type Decision = MeetingData['minutes'][number]['decisions'][number];
type LinkKind = Decision['links'][number]['kind'];
interface DraftDecision {
  text: string;
  agendaItemId: string;
  kind: LinkKind | '';
  recordId: string;
}

function recordIdOf(l: Decision['links'][number]): string {
  switch (l.kind) {
    case 'initiative-approval':
      return l.initiativeId;
    case 'extra-local-funds':
      return l.fundsId;
    case 'carry-forward':
      return l.carryForwardId;
    case 'ssu-recommendation':
      return l.evaluationId;
  }
}

/** A meeting: agenda with §16 templates, attachments, minutes versions with decisions; prints cleanly. */
export function MeetingPage(props: { scopeKind: string | undefined; scopeId: string | undefined; meetingId: string | undefined }) {
  const { t } = useI18n();
  const labels = useServerLabels();
  const { user } = useSession().session;
  const scopeKind = props.scopeKind === 'ssu' ? 'ssu' : 'cluster';
  const scopeId = props.scopeId ?? '';
  const base = scopeKind === 'ssu' ? `/api/regions/${scopeId}` : `/api/clusters/${scopeId}`;
  const url = `${base}/meetings/${props.meetingId ?? ''}`;
  const meeting = useLoad(() => api<MeetingData>(url), resourceKey(url));
  const invalidate = useInvalidate();
  const editable = scopeKind === 'ssu' ? canEditSsu(user, scopeId) : canEditCluster(user, scopeId);
  const [error, setError] = useState<string | null>(null);
  // Where the error is shown: next to the minutes' buttons for minutes actions (so the secretariat
  // sees why "Godkend referat" was refused without scrolling), else at the top.
  const [errorAtMinutes, setErrorAtMinutes] = useState(false);
  // Approving minutes cannot be undone (and may approve initiatives in the economy): asked first.
  const [confirmingApproval, setConfirmingApproval] = useState(false);

  const act = (path: string, method: 'POST' | 'PUT', json: Record<string, unknown>) => {
    setError(null);
    setErrorAtMinutes(path.startsWith('/minutes'));
    api(`${url}${path}`, { method, json: { version: meeting.data?.version ?? 0, ...json } }).then(meeting.reload, (e: unknown) => setError(errorMessage(e)));
  };

  if (meeting.loading && !meeting.data) return <Loading />;
  const m = meeting.data;
  if (!m) return <ErrorAlert message={meeting.error} />;
  const last = m.minutes.at(-1);
  const frozen = m.currentMinutesVersion !== null;
  const back = scopeKind === 'ssu' ? href('ssu', scopeId) : href('governance', scopeId);

  return (
    <article className="meeting">
      {confirmingApproval ? (
        <ActionDialog
          title={t('meeting.approveConfirmTitle')}
          confirmLabel={t('meeting.approve')}
          send={() => api(`${url}/minutes/approve`, { method: 'POST', json: { version: m.version } })}
          onClose={() => setConfirmingApproval(false)}
          onDone={() => {
            setConfirmingApproval(false);
            // Approval also approves initiatives in the economy and changes their follow-up.
            void invalidate(['initiatives'], ['follow-up'], resourceKey(base));
            meeting.reload();
          }}
        >
          <p>{t('meeting.approveConsequence')}</p>
          {m.minutes.at(-1)?.decisions.some((d) => d.links.some((l) => l.kind === 'initiative-approval')) ? <p>{t('meeting.approveEconomyHint')}</p> : null}
        </ActionDialog>
      ) : null}
      <p className="no-print">
        <a href={back}>← {m.scopeName}</a>
      </p>
      <h1>{m.title}</h1>
      <p className="meeting-meta">
        {m.scopeName} · {labels.body(m.bodyLabel)} · {date(m.date)}
        {m.cancelled ? ` · ${t('gov.cancelled')}` : ''}
      </p>
      <div className="no-print button-row">
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          {t('fu.print')}
        </button>
      </div>
      <ErrorAlert message={errorAtMinutes ? null : error} />
      <section>
        <h2>{t('meeting.agenda')}</h2>
        {m.agenda.length === 0 ? <p>{t('fu.none')}</p> : null}
        <ol className="agenda">
          {m.agenda.map((a) => (
            <li key={a.id}>
              <strong>{a.title}</strong>
              {a.description ? <p>{a.description}</p> : null}
            </li>
          ))}
        </ol>
        {editable && !frozen && !m.cancelled ? <AgendaForm onAdd={(item) => act('/agenda', 'POST', item)} /> : null}
      </section>
      <section>
        <h2>{t('meeting.attachments')}</h2>
        {m.attachments.length === 0 ? <p>{t('fu.none')}</p> : null}
        <ul>
          {m.attachments.map((a) => (
            <li key={a.id}>
              <a href={`${url}/attachments/${a.id}`} download>
                {a.fileName}
              </a>
            </li>
          ))}
        </ul>
        {editable && !frozen && !m.cancelled ? <Upload url={`${url}/attachments`} onDone={meeting.reload} onError={setError} /> : null}
      </section>
      <section>
        <h2>{t('meeting.minutes')}</h2>
        {m.minutes.length === 0 ? <p>{t('gov.minutes.none')}</p> : null}
        {[...m.minutes].reverse().map((v) => (
          <div key={v.version} className={`minutes-version ${v.status}`}>
            <h3>
              {t('meeting.version', { version: v.version })} – {v.status === 'approved' ? t('gov.minutes.approved') : t('gov.minutes.draft')}
            </h3>
            {v.status === 'approved' && v.approvedAt ? <p className="form-hint">{t('meeting.approvedBy', { at: dateTime(v.approvedAt), by: v.approvedBy ?? '' })}</p> : <p className="form-hint">{t('meeting.draftInfo')}</p>}
            <p className="minutes-text">{v.text}</p>
            {v.decisions.length > 0 ? (
              <>
                <h4>{t('meeting.decisions')}</h4>
                <ol className="decisions">
                  {v.decisions.map((d) => (
                    <li key={d.id}>
                      {d.text}
                      {d.links.map((l) => {
                        const target = m.linkTargets.find((x) => x.kind === l.kind && x.recordId === recordIdOf(l));
                        const label = target?.label ?? l.kind;
                        return (
                          <span key={`${l.kind}:${recordIdOf(l)}`} className="decision-link">
                            {' '}
                            {l.kind === 'initiative-approval' ? (
                              <a href={href('initiative-follow-up', recordIdOf(l))}>{t('meeting.decidedFor', { label })}</a>
                            ) : l.kind === 'ssu-recommendation' ? (
                              <a href={href('evaluation', 'ssu', m.regionCode, recordIdOf(l))}>{t('meeting.decidedFor', { label })}</a>
                            ) : (
                              `(${label})`
                            )}
                          </span>
                        );
                      })}
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
          </div>
        ))}
        {frozen && editable ? <p className="no-print">{t('meeting.frozen')}</p> : null}
        {errorAtMinutes ? <ErrorAlert message={error} /> : null}
        {editable && !m.cancelled ? (
          <MinutesForm
            key={`${String(last?.version ?? 0)}-${last?.status ?? ''}`}
            meeting={m}
            scopeKind={scopeKind}
            scopeId={scopeId}
            onSave={(text, decisions) => act('/minutes', 'PUT', { text, decisions })}
            onApprove={last?.status === 'draft' ? () => setConfirmingApproval(true) : null}
          />
        ) : null}
      </section>
    </article>
  );
}

function AgendaForm(props: { onAdd: (item: Record<string, string>) => void }) {
  const { t } = useI18n();
  const templates = useLoad(() => api<ApiResponse<'/api/meeting-templates'>>('/api/meeting-templates'), ['meeting-templates']);
  const [template, setTemplate] = useState('');
  const [title, setTitle] = useState('');
  return (
    <fieldset className="no-print member-form">
      <legend className="h5">{t('meeting.addItem')}</legend>
      <div className="filter-row">
        <Field label={t('meeting.template')}>
          {(id) => (
            <select className="form-select" id={id} value={template} onChange={(e) => setTemplate(e.target.value)}>
              <option value="">{t('meeting.freeItem')}</option>
              {(templates.data?.templates ?? []).map((x) => (
                <option key={x.key} value={x.key}>
                  {x.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        {template === '' ? <Field label={t('meeting.itemTitle')}>{(id) => <input className="form-input" id={id} value={title} onChange={(e) => setTitle(e.target.value)} />}</Field> : null}
      </div>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          props.onAdd(template === '' ? { title } : { templateKey: template });
          setTitle('');
        }}
      >
        {t('meeting.addItem')}
      </button>
    </fieldset>
  );
}

export function Upload(props: { url: string; onDone: () => void; onError: (message: string) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  function send() {
    const file = input.current?.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    request(props.url, { method: 'POST', body: form }).then(
      () => {
        if (input.current) input.current.value = '';
        props.onDone();
      },
      (e: unknown) => props.onError(errorMessage(e)),
    );
  }
  return (
    <div className="no-print">
      <Field label={t('meeting.upload')} hint={t('meeting.uploadHint')}>
        {(id, hintId) => <input className="form-file-input" type="file" id={id} ref={input} aria-describedby={hintId} accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods,.png,.jpg,.jpeg,.csv,.txt" onChange={send} />}
      </Field>
    </div>
  );
}

function MinutesForm(props: { meeting: MeetingData; scopeKind: 'cluster' | 'ssu'; scopeId: string; onSave: (text: string, decisions: Record<string, unknown>[]) => void; onApprove: (() => void) | null }) {
  const { t } = useI18n();
  const last = props.meeting.minutes.at(-1);
  const startFrom = last?.status === 'draft' ? last : undefined;
  const [text, setText] = useState(startFrom?.text ?? '');
  const [decisions, setDecisions] = useState<DraftDecision[]>(
    (startFrom?.decisions ?? []).map((d) => ({ text: d.text, agendaItemId: d.agendaItemId ?? '', kind: d.links[0]?.kind ?? '', recordId: d.links[0] ? recordIdOf(d.links[0]) : '' })),
  );
  const initiatives = useLoad(
    () => (props.scopeKind === 'cluster' ? api<ApiResponse<'/api/clusters/{clusterId}/follow-up/initiatives'>>(`/api/clusters/${props.scopeId}/follow-up/initiatives`).then((r) => r.initiatives) : Promise.resolve([])),
    ['clusters', props.scopeId, 'follow-up', 'initiatives', props.scopeKind, 'list'],
  );
  const evaluations = useLoad(
    () => (props.scopeKind === 'ssu' ? api<ApiResponse<'/api/regions/{regionCode}/evaluations'>>(`/api/regions/${props.scopeId}/evaluations`).then((r) => r.evaluations) : Promise.resolve([])),
    ['regions', props.scopeId, 'evaluations', props.scopeKind, 'list'],
  );
  const kinds: { kind: LinkKind | ''; label: string }[] =
    props.scopeKind === 'ssu'
      ? [{ kind: '', label: t('meeting.linkNone') }, { kind: 'ssu-recommendation', label: t('meeting.linkEvaluation') }]
      : [
          { kind: '', label: t('meeting.linkNone') },
          { kind: 'initiative-approval', label: t('meeting.linkInitiative') },
          { kind: 'extra-local-funds', label: t('meeting.linkFunds') },
          { kind: 'carry-forward', label: t('meeting.linkCarry') },
        ];
  // The saved draft's decisions (what approval acts on), not unsaved edits in the form.
  const approvesInitiatives = startFrom?.decisions.some((d) => d.links.some((l) => l.kind === 'initiative-approval')) ?? false;
  const update = (i: number, change: Partial<DraftDecision>) => setDecisions((ds) => ds.map((d, k) => (k === i ? { ...d, ...change } : d)));

  function save() {
    props.onSave(
      text,
      decisions.map((d) => ({ text: d.text, ...(d.agendaItemId ? { agendaItemId: d.agendaItemId } : {}), links: d.kind && d.recordId ? [{ kind: d.kind, recordId: d.recordId }] : [] })),
    );
  }

  return (
    <fieldset className="no-print member-form">
      <legend className="h4">{last?.status === 'approved' ? t('meeting.correct') : t('meeting.minutes')}</legend>
      <Field label={t('meeting.minutesText')}>{(id) => <textarea className="form-input" id={id} rows={6} value={text} onChange={(e) => setText(e.target.value)} />}</Field>
      {decisions.map((d, i) => (
        <fieldset key={i} className="decision-form">
          <legend className="h5">
            {t('meeting.decisionText')} {i + 1}
          </legend>
          <Field label={t('meeting.decisionText')}>{(id) => <textarea className="form-input" id={id} rows={2} value={d.text} onChange={(e) => update(i, { text: e.target.value })} />}</Field>
          <div className="filter-row">
            <Field label={t('meeting.agenda')}>
              {(id) => (
                <select className="form-select" id={id} value={d.agendaItemId} onChange={(e) => update(i, { agendaItemId: e.target.value })}>
                  <option value="">–</option>
                  {props.meeting.agenda.map((a, k) => (
                    <option key={a.id} value={a.id}>
                      {k + 1}. {a.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('meeting.linkKind')}>
              {(id) => (
                <select className="form-select" id={id} value={d.kind} onChange={(e) => update(i, { kind: e.target.value as LinkKind | '', recordId: '' })}>
                  {kinds.map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {d.kind !== '' ? (
              <Field label={t('meeting.linkRecord')}>
                {(id) =>
                  d.kind === 'initiative-approval' || d.kind === 'ssu-recommendation' ? (
                    <select className="form-select" id={id} value={d.recordId} onChange={(e) => update(i, { recordId: e.target.value })}>
                      <option value="">{t('ev.choose')}</option>
                      {d.kind === 'initiative-approval'
                        ? (initiatives.data ?? []).map((x) => (
                            <option key={x.id} value={x.id}>
                              {x.title}
                            </option>
                          ))
                        : (evaluations.data ?? []).map((x) => (
                            <option key={x.id} value={x.id}>
                              {x.initiativeTitle} – {x.clusterName}
                            </option>
                          ))}
                    </select>
                  ) : (
                    <input className="form-input" id={id} value={d.recordId} onChange={(e) => update(i, { recordId: e.target.value })} />
                  )
                }
              </Field>
            ) : null}
          </div>
          <button type="button" className="button button-tertiary" onClick={() => setDecisions((ds) => ds.filter((_, k) => k !== i))}>
            {t('fu.remove')}
          </button>
        </fieldset>
      ))}
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => setDecisions((ds) => [...ds, { text: '', agendaItemId: '', kind: '', recordId: '' }])}>
          {t('meeting.addDecision')}
        </button>
        <button type="button" className="button button-primary" onClick={save}>
          {t('meeting.saveMinutes')}
        </button>
        {props.onApprove ? (
          <button type="button" className="button button-primary" onClick={props.onApprove} aria-describedby={approvesInitiatives ? 'approve-economy-hint' : undefined}>
            {t('meeting.approve')}
          </button>
        ) : null}
      </div>
      {props.onApprove && approvesInitiatives ? (
        <p className="form-hint" id="approve-economy-hint">
          {t('meeting.approveEconomyHint')}
        </p>
      ) : null}
    </fieldset>
  );
}
