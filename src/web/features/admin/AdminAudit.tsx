import { useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { dateTime } from '../../lib/format.ts';
import { messages, useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { diff, type Json } from './audit-diff.ts';
import { AdminNav, AdminOnly, parseRoleText, roleLabel, useScopeNames, type ScopeNames } from './AdminCommon.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';


/** An audit entry; its old and new values are any JSON (the generated recursive JsonValue, read as Json). */
export type AuditEntry = Omit<ApiResponse<'/api/audit'>['entries'][number], 'before' | 'after'> & { before: Json; after: Json };

/** The records the application writes to the trail (for the filter). */
const ENTITIES = [
  'user',
  'session',
  'membership',
  'population_period',
  'allocation_run',
  'cluster_year',
  'initiative',
  'extra_local_funds',
  'actuals_import',
  'settlement_run',
  'ceiling_commitment',
  'cluster_governance',
  'meeting',
  'evaluation',
  'guide_layer',
  'ssu_composition',
  'database',
] as const;

const PAGE_SIZE = 50;
/** A stored allocation run can have hundreds of values; show this many changed fields per entry. */
const MAX_FIELDS = 12;

interface Filters {
  q: string;
  entity: string;
  actor: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { q: '', entity: '', actor: '', action: '', from: '', to: '' };

/** A date field (yyyy-mm-dd) as the start of that day in the browser's (Danish) time. */
function dayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + plusDays).toISOString();
}

function queryString(f: Filters, beforeId: number | null): string {
  const p = new URLSearchParams();
  if (f.q.trim() !== '') p.set('q', f.q.trim());
  if (f.entity !== '') p.set('entity', f.entity);
  if (f.actor.trim() !== '') p.set('actor', f.actor.trim());
  if (f.action.trim() !== '') p.set('action', f.action.trim());
  if (f.from !== '') p.set('from', dayStart(f.from));
  // "To and including" the day: the API's `to` is exclusive.
  if (f.to !== '') p.set('to', dayStart(f.to, 1));
  p.set('limit', String(PAGE_SIZE));
  if (beforeId !== null) p.set('beforeId', String(beforeId));
  return p.toString();
}

function hasKey(key: string): key is MessageKey {
  return key in messages.da;
}

/** Search the audit trail, newest first, with "Vis flere" paging backwards by id. */
export function AdminAuditPage() {
  const { t } = useI18n();
  return (
    <AdminOnly title={t('audit.title')}>
      <AdminAuditContent />
    </AdminOnly>
  );
}

function AdminAuditContent() {
  const { t } = useI18n();
  const names = useScopeNames();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  // Readable names of the ids in the entries (users, initiatives, meetings, clusters), from the server.
  const [idNames, setIdNames] = useState<Record<string, string>>({});
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  function load(f: Filters, beforeId: number | null) {
    setLoading(true);
    setError(null);
    api<ApiResponse<'/api/audit'>>(`/api/audit?${queryString(f, beforeId)}`)
      .then(
        (r) => {
          setIdNames((old) => ({ ...old, ...r.names }));
          setEntries((old) => (beforeId === null || old === null ? r.entries : [...old, ...r.entries]));
          setMore(r.entries.length === PAGE_SIZE);
        },
        (e: unknown) => setError(errorMessage(e)),
      )
      .finally(() => setLoading(false));
  }

  useEffect(() => load(EMPTY, null), []);

  function search(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
    load(draft, null);
  }

  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  const entityLabel = (entity: string) => {
    const key = `entity.${entity}`;
    return hasKey(key) ? t(key) : entity;
  };
  const actionLabel = (action: string) => {
    const key = `action.${action}`;
    return hasKey(key) ? t(key) : null;
  };

  return (
    <>
      <AdminNav current="audit" />
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <form className="audit-search" onSubmit={search} role="search" aria-label={t('audit.search')}>
        <div className="audit-search-grid">
          <div className="form-group">
            <label className="form-label" htmlFor="audit-q">
              {t('audit.text')}
            </label>
            <span className="form-hint" id="audit-q-hint">
              {t('audit.textHint')}
            </span>
            <input className="form-input" id="audit-q" type="search" aria-describedby="audit-q-hint" value={draft.q} onChange={set('q')} />
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="audit-entity">
              {t('audit.entity')}
            </label>
            <select className="form-select" id="audit-entity" value={draft.entity} onChange={set('entity')}>
              <option value="">{t('audit.entityAny')}</option>
              {ENTITIES.map((e) => (
                <option key={e} value={e}>
                  {entityLabel(e)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="audit-actor">
              {t('audit.actor')}
            </label>
            <span className="form-hint" id="audit-actor-hint">
              {t('audit.actorHint')}
            </span>
            <input className="form-input" id="audit-actor" aria-describedby="audit-actor-hint" value={draft.actor} onChange={set('actor')} />
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="audit-action">
              {t('audit.action')}
            </label>
            <span className="form-hint" id="audit-action-hint">
              {t('audit.actionHint')}
            </span>
            <input className="form-input" id="audit-action" aria-describedby="audit-action-hint" value={draft.action} onChange={set('action')} />
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="audit-from">
              {t('audit.from')}
            </label>
            <input className="form-input input-width-s" id="audit-from" type="date" value={draft.from} onChange={set('from')} />
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="audit-to">
              {t('audit.to')}
            </label>
            <input className="form-input input-width-s" id="audit-to" type="date" value={draft.to} onChange={set('to')} />
          </div>
        </div>
        <div className="audit-search-buttons">
          <button type="submit" className="button button-primary">
            {t('audit.search')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
              load(EMPTY, null);
            }}
          >
            {t('audit.reset')}
          </button>
        </div>
      </form>
      <ErrorAlert message={error} />
      <h2>{t('audit.results')}</h2>
      <p role="status" className="audit-count">
        {entries === null ? '' : entries.length === 0 ? t('audit.none') : t('audit.count', { count: entries.length })}
      </p>
      {entries === null && loading ? <Loading /> : null}
      {entries && entries.length > 0 ? (
        <ScrollRegion>
          <table className="table table--compact audit-table">
            <caption className="sr-only">{t('audit.results')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.record')}</th>
                <th scope="col">{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const label = actionLabel(e.action);
                return (
                  <tr key={e.id} data-audit-id={e.id}>
                    <td className="nowrap">{dateTime(e.at)}</td>
                    <td>{e.actorName}</td>
                    <td>
                      {label ?? e.action}
                    </td>
                    <td>
                      {entityLabel(e.entity)}
                      <div className="audit-code">{idNames[e.entityId] ?? e.entityId}</div>
                    </td>
                    <td>
                      <ChangeView before={e.before} after={e.after} names={names.data} idNames={idNames} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {more && entries ? (
        <p>
          <button type="button" className="button button-secondary" disabled={loading} onClick={() => load(filters, entries.at(-1)?.id ?? null)}>
            {t('audit.more')}
          </button>
        </p>
      ) : null}
    </>
  );
}

function ChangeView(props: { before: Json; after: Json; names: ScopeNames | null; idNames: Record<string, string> }) {
  const { t } = useI18n();
  const changes = diff(props.before, props.after);
  if (changes.length === 0) return <span className="admin-muted">{t('audit.noChange')}</span>;
  const shown = changes.slice(0, MAX_FIELDS);
  const fieldLabel = (path: string): string => {
    if (path === '') return t('audit.field');
    const key = `field.${path}`;
    return hasKey(key) ? t(key) : path;
  };
  return (
    <>
      <dl className="audit-diff">
        {shown.map((c) => (
          <div key={c.path} className="audit-diff-item">
            <dt>{fieldLabel(c.path)}</dt>
            <dd>
              <ValueView value={c.before} other={c.after} kind="old" names={props.names} idNames={props.idNames} />
              <span aria-hidden="true"> → </span>
              <span className="sr-only">, {t('audit.new')}: </span>
              <ValueView value={c.after} other={c.before} kind="new" names={props.names} idNames={props.idNames} />
            </dd>
          </div>
        ))}
      </dl>
      {changes.length > shown.length ? <p className="audit-code">{t('audit.moreFields', { count: changes.length - shown.length })}</p> : null}
    </>
  );
}

/**
 * One side of a change. A list shows each item, with the items only on this side marked (removed
 * ones struck through, added ones underlined), so a role change reads as what was taken and given.
 */
function ValueView(props: { value: Json | undefined; other: Json | undefined; kind: 'old' | 'new'; names: ScopeNames | null; idNames: Record<string, string> }) {
  const { t } = useI18n();
  const { value } = props;
  const Mark = props.kind === 'old' ? 'del' : 'ins';
  const prefix = props.kind === 'old' ? <span className="sr-only">{t('audit.old')}: </span> : null;
  if (value === undefined || value === null) {
    return (
      <span className="audit-value audit-empty">
        {prefix}
        {t('audit.empty')}
      </span>
    );
  }
  const text = (v: Json): string => {
    if (typeof v === 'string') {
      const role = parseRoleText(v);
      if (role) return roleLabel(role, t, props.names);
      const named = props.idNames[v];
      if (named !== undefined) return named;
      // Timestamps as Danes read them.
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) ? dateTime(v) : v;
    }
    return JSON.stringify(v);
  };
  if (Array.isArray(value)) {
    const other = Array.isArray(props.other) ? props.other.map((v) => JSON.stringify(v)) : [];
    if (value.length === 0) {
      return (
        <span className="audit-value audit-empty">
          {prefix}
          {t('admin.none')}
        </span>
      );
    }
    return (
      <span className={`audit-value audit-${props.kind}`}>
        {prefix}
        {value.map((v, i) => {
          const changed = !other.includes(JSON.stringify(v));
          return (
            <span key={i} className="audit-list-item">
              {changed ? <Mark>{text(v)}</Mark> : text(v)}
              {i < value.length - 1 ? '; ' : ''}
            </span>
          );
        })}
      </span>
    );
  }
  return (
    <span className={`audit-value audit-${props.kind}`}>
      {prefix}
      <Mark>{text(value)}</Mark>
    </span>
  );
}
