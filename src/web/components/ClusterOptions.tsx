import type { RegisterData } from '../lib/register-data.ts';

/** The year's clusters as options grouped by region (names repeat across regions: "Klynge Syd"). */
export function ClusterOptions(props: { register: RegisterData | null }) {
  return (
    <>
      {props.register?.regions.map((r) => (
        <optgroup key={r.code} label={r.name}>
          {r.clusters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
