import type { RegisterData } from '../lib/register-data.ts';
import { clusterLabel, useMyScope } from '../lib/scope.ts';

/**
 * The year's clusters the user may read (the server decides: GET /api/me/scope), each named with
 * its region — "Klynge Syd" exists in three regions. Nothing until the scope is known.
 */
export function ClusterOptions(props: { register: RegisterData | null }) {
  const scope = useMyScope();
  const mine = new Set(scope?.clusters.map((c) => c.id) ?? []);
  return (
    <>
      {(props.register?.regions ?? []).flatMap((r) =>
        r.clusters
          .filter((c) => mine.has(c.id))
          .map((c) => (
            <option key={c.id} value={c.id}>
              {clusterLabel({ name: c.name, regionName: r.name })}
            </option>
          )),
      )}
    </>
  );
}
