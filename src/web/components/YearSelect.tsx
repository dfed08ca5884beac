import { useEffect, useId } from 'react';
import { api, type ApiResponse } from '../lib/api.ts';
import { useLoad } from '../lib/query.ts';
import { useI18n } from '../lib/text/i18n.ts';

/** The years the register knows; `onChange` gets the chosen year. */
export function YearSelect(props: { value: number | null; onChange: (year: number) => void; onLoaded?: (years: number[]) => void }) {
  const { t } = useI18n();
  const id = useId();
  const years = useLoad(
    () =>
      api<ApiResponse<'/api/years'>>('/api/years').then((r) => {
        serverCurrentYear = r.current;
        return r.years;
      }),
    ['years', 'list'],
  );
  // Told on every mount, also when the years come from the cache (the page waits for them).
  const { onLoaded } = props;
  useEffect(() => {
    if (years.data) onLoaded?.(years.data);
  }, [years.data, onLoaded]);
  return (
    <div className="form-group year-select">
      <label className="form-label" htmlFor={id}>
        {t('year')}
      </label>
      <select className="form-select" id={id} value={props.value ?? ''} onChange={(e) => props.onChange(Number(e.target.value))}>
        {(years.data ?? (props.value === null ? [] : [props.value])).map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The server's current year (the newest with an allocation), as last loaded by a YearSelect. */
let serverCurrentYear: number | null = null;

/** The year to show: the one in the address, else the server's current year, else the newest. */
export function pickYear(fromRoute: string | undefined, years: readonly number[], current: number | null = serverCurrentYear): number | null {
  const wanted = fromRoute === undefined ? NaN : Number(fromRoute);
  if (Number.isInteger(wanted) && years.includes(wanted)) return wanted;
  if (current !== null && years.includes(current)) return current;
  return years.length > 0 ? Math.max(...years) : null;
}
