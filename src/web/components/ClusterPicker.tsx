import { useId } from 'react';
import { api } from '../lib/api.ts';
import { useLoad } from '../lib/query.ts';
import { useI18n } from '../lib/text/i18n.ts';

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
  }, ['years', 'newest', 'register', 'cluster-options']);
  return loaded.data ?? [];
}

export function clusterLabel(c: ClusterOption): string {
  return `${c.name} (${c.regionName})`;
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
