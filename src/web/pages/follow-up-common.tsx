import { EVALUATION_STATUS_LABELS, RECOMMENDATION_LABELS, type EvaluationStatus, type RecommendationKind } from '../../core/follow-up/evaluation.ts';
import { useId } from 'react';
import { api } from '../api.ts';
import { useLoad } from '../hooks.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import type { User } from '../api.ts';

/** Shared pieces of the governance and follow-up screens (issue 5). */

export interface ClusterOption {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
}

/** Every cluster with its region (from the newest register), for pickers and names. */
export function useClusters(): ClusterOption[] {
  const loaded = useLoad(async () => {
    const years = await api<{ years: number[] }>('/api/years');
    const year = years.years.at(-1);
    if (year === undefined) return [];
    const r = await api<{ regions: { code: string; name: string; clusters: { id: string; name: string }[] }[] }>(`/api/years/${year}/register`);
    return r.regions.flatMap((region) => region.clusters.map((c) => ({ id: c.id, name: c.name, regionCode: region.code, regionName: region.name })));
  }, 'clusters');
  return loaded.data ?? [];
}

export function clusterLabel(c: ClusterOption): string {
  return `${c.name} (${c.regionName})`;
}

/** The cluster a user works for: a secretariat's own, else the first it may read. */
export function defaultClusterId(user: User): string {
  return user.roles.find((r) => r.role === 'cluster-secretariat')?.scope.id ?? 'hovedstaden-syd';
}

export function defaultRegionCode(user: User): string {
  return user.roles.find((r) => r.role === 'ssu-member' || (r.role === 'finance-officer' && r.scope.kind === 'region'))?.scope.id ?? '1084';
}

export function canEditCluster(user: User, clusterId: string): boolean {
  return user.roles.some((r) => r.role === 'system-admin' || (r.role === 'cluster-secretariat' && r.scope.id === clusterId));
}

export function canEditSsu(user: User, regionCode: string): boolean {
  return user.roles.some((r) => r.role === 'system-admin' || (r.role === 'ssu-member' && r.scope.id === regionCode));
}

export function ClusterPicker(props: { value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const clusters = useClusters();
  return (
    <div className="form-group">
      <label className="form-label" htmlFor={id}>
        {t('fu.cluster')}
      </label>
      <select className="form-select" id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {clusters.length === 0 ? <option value={props.value}>{props.value}</option> : null}
        {clusters.map((c) => (
          <option key={c.id} value={c.id}>
            {clusterLabel(c)}
          </option>
        ))}
      </select>
    </div>
  );
}

import { Field } from '../components/Field.tsx';

export { Field };

/** A list of warnings (advarsler) in a DKFDS warning alert. */
export function WarningList(props: { heading: string; items: readonly { message: string; code: string }[] }) {
  if (props.items.length === 0) return null;
  return (
    <div className="alert alert-warning" role="region" aria-label={props.heading}>
      <div className="alert-body">
        <p className="alert-heading">{props.heading}</p>
        <ul className="alert-text">
          {props.items.map((w, i) => (
            <li key={`${w.code}-${String(i)}`}>{w.message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** An evaluation as the cluster's and the SSU's lists show it. */
export interface EvaluationSummary {
  id: string;
  initiativeId: string;
  initiativeTitle: string;
  clusterName: string;
  status: EvaluationStatus;
  recommendation: RecommendationKind | null;
}

/** The evaluations of a cluster or of an SSU's region: title (link), cluster, status, recommendation. */
export function EvaluationsTable(props: { heading: string; evaluations: readonly EvaluationSummary[]; linkOf: (id: string) => string; showCluster: boolean }) {
  const { t } = useI18n();
  const columns = props.showCluster ? 4 : 3;
  return (
    <section>
      <div className="table--responsive-scroll">
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
      </div>
    </section>
  );
}

/** A select of people or municipalities with "not chosen" first (co-chairs, secretariat, SSU chair). */
export function ChoiceSelect(props: { label: string; value: string; options: readonly { id: string; name: string }[]; disabled?: boolean; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <Field label={props.label}>
      {(id) => (
        <select className="form-select" id={id} value={props.value} disabled={props.disabled === true} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{t('gov.notChosen')}</option>
          {props.options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}


/**
 * A seat's options: only the eligible members; a current choice that is not eligible (saved
 * before the rule, or since changed role) stays visible, marked, so the screen never hides it.
 */
export function seatOptions(eligible: readonly { id: string }[], members: readonly { id: string; name: string }[], current: string, t: (k: MessageKey, v?: Record<string, string | number>) => string): { id: string; name: string }[] {
  const ids = new Set(eligible.map((m) => m.id));
  return members.filter((m) => ids.has(m.id) || m.id === current).map((m) => ({ id: m.id, name: ids.has(m.id) ? m.name : t('gov.notEligible', { name: m.name }) }));
}
