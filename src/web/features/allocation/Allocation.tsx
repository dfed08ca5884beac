import { useState } from 'react';
import { api, ApiError, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { COLUMNS, allocationRows, type Column, type TableRow } from './allocation-view.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert, Loading } from '../../components/ErrorAlert.tsx';
import { ExplanationView } from '../../components/ExplanationView.tsx';
import { pickYear, YearSelect } from '../../components/YearSelect.tsx';
import { dateTime, decimal, integer, wholeKr } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href, navigate } from '../../lib/router.ts';
import { isAdmin, useSession } from '../../lib/session.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { clusterLabel } from '../../lib/scope.ts';

type AllocationRunView = ApiResponse<'/api/years/{year}/allocation'>;

const COLUMN_LABEL: Record<Column, MessageKey> = {
  municipal: 'allocation.municipal',
  regional: 'allocation.regional',
  total: 'allocation.total',
};

/** The year's Bilag 1 table; every amount opens its explanation; download as xlsx or CSV. */
export function AllocationPage(props: { year: string | undefined }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  const [years, setYears] = useState<number[] | null>(null);
  const year = years ? pickYear(props.year, years) : null;
  const run = useLoad(async () => {
    if (year === null) return null;
    try {
      return await api<AllocationRunView>(`/api/years/${year}/allocation`);
    } catch (e) {
      // No run for the year yet is not an error: the page says so and offers to compute one.
      if (e instanceof ApiError && (e.status === 404 || e.problem.code === 'allocation.run-not-found')) return null;
      throw e;
    }
  }, ['years', String(year), 'allocation']);
  const [explaining, setExplaining] = useState<{ row: TableRow; column: Column } | null>(null);
  const [computeError, setComputeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function compute() {
    if (year === null) return;
    setBusy(true);
    setComputeError(null);
    api(`/api/years/${year}/allocation-runs`, { method: 'POST', json: {} })
      .then(() => run.reload(), (e: unknown) => setComputeError(errorMessage(e)))
      .finally(() => setBusy(false));
  }

  const rows = run.data ? allocationRows(run.data.result, t('allocation.grandTotal')) : [];
  return (
    <>
      <h1>{t('allocation.title', { year: year ?? '' })}</h1>
      <p>{t('allocation.intro')}</p>
      <YearSelect value={year} onChange={(y) => navigate(href('allocation', y))} onLoaded={setYears} />
      {run.loading ? <Loading /> : null}
      {/* One alert: the server's refusal to compute (e.g. no FOLK1A for the year) comes first. */}
      <ErrorAlert message={computeError ?? run.error} />
      {!run.loading && run.data === null && year !== null ? (
        <>
          <p>{t('allocation.none', { year })}</p>
          {isAdmin(user) ? (
            <button type="button" className="button button-primary" onClick={compute} disabled={busy}>
              {t('allocation.compute')}
            </button>
          ) : null}
        </>
      ) : null}
      {run.data ? (
        <>
          <p className="run-info">
            {t('allocation.run', { at: dateTime(run.data.createdAt), by: run.data.createdBy })}
          </p>
          <p className="downloads">
            <span>{t('allocation.download')}: </span>
            <a className="function-link" href={`/api/allocation-runs/${encodeURIComponent(run.data.id)}/export?format=xlsx`} download>
              Excel (xlsx)
            </a>{' '}
            <a className="function-link" href={`/api/allocation-runs/${encodeURIComponent(run.data.id)}/export?format=csv`} download>
              CSV
            </a>
          </p>
          <ScrollRegion>
            <table className="table table--zebra table--compact allocation-table">
              <caption>{t('allocation.caption', { year: run.data.year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('allocation.area')}</th>
                  {COLUMNS.map((c) => (
                    <th scope="col" className="numeric" key={c}>
                      {t(COLUMN_LABEL[c])}
                    </th>
                  ))}
                  <th scope="col" className="numeric">{t('allocation.population')}</th>
                  <th scope="col" className="numeric">{t('allocation.perInhabitant')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key} className={`level-${row.level}`}>
                    <th scope="row">{row.name}</th>
                    {COLUMNS.map((column) => (
                      <td className="numeric" key={column}>
                        {row.explanations[column] ? (
                          <button
                            type="button"
                            className="function-link amount"
                            aria-label={t('allocation.explainButton', { amount: wholeKr(row.amounts[column]), column: t(COLUMN_LABEL[column]), area: areaName(row) })}
                            onClick={() => setExplaining({ row, column })}
                          >
                            {wholeKr(row.amounts[column])}
                          </button>
                        ) : (
                          wholeKr(row.amounts[column])
                        )}
                      </td>
                    ))}
                    <td className="numeric">{row.population === null ? '' : Number.isInteger(row.population) ? integer(row.population) : decimal(row.population, 1)}</td>
                    <td className="numeric">{perInhabitant(row)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      ) : null}
      {explaining ? (
        <Dialog title={t('explain.title', { column: t(COLUMN_LABEL[explaining.column]), area: areaName(explaining.row) })} onClose={() => setExplaining(null)}>
          <p className="explain-amount">
            <strong>{wholeKr(explaining.row.amounts[explaining.column])} kr.</strong>
          </p>
          <ExplanationView explanation={explaining.row.explanations[explaining.column] ?? {}} />
        </Dialog>
      ) : null}
    </>
  );
}

function perInhabitant(row: TableRow): string {
  if (row.perInhabitant !== null) return decimal(row.perInhabitant, 2);
  return '';
}

/** A cluster row named with its region in dialogs and button names ("Klynge Syd" exists three times). */
function areaName(row: TableRow): string {
  return row.level === 'cluster' && row.parent !== null ? clusterLabel({ name: row.name, regionName: row.parent }) : row.name;
}
