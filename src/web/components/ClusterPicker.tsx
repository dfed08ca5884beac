import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../lib/text/i18n.ts';
import { clusterLabel, useMyScope } from '../lib/scope.ts';

export { clusterLabel } from '../lib/scope.ts';

export interface ClusterOption {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
}

/** The clusters the user may read (the server decides: GET /api/me/scope), each with its region. */
export function useClusters(): ClusterOption[] {
  return useMyScope()?.clusters ?? [];
}

/**
 * Picks one of the user's clusters, always named with its region ("Klynge Syd (Hovedstaden)").
 * A value the user may not read (an old link, a default) is replaced by their first cluster.
 */
export function ClusterPicker(props: { value: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const clusters = useClusters();
  const { value, onChange } = props;
  const first = clusters[0]?.id;
  const known = clusters.some((c) => c.id === value);
  // Once per unknown value: the page's onChange is a new closure every render.
  const replaced = useRef<string | null>(null);
  useEffect(() => {
    if (first === undefined || known || replaced.current === value) return;
    replaced.current = value;
    onChange(first);
  }, [first, known, value, onChange]);
  return (
    <div className="form-group">
      <label className="form-label" htmlFor={id}>
        {t('fu.cluster')}
      </label>
      <select className="form-select" id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {clusters.length === 0 ? <option value={value}>{value}</option> : null}
        {clusters.map((c) => (
          <option key={c.id} value={c.id}>
            {clusterLabel(c)}
          </option>
        ))}
      </select>
    </div>
  );
}
