import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type ApiResponse, type LineError } from '../../lib/api.ts';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { dateTime, integer } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

type ImportPreview = ApiResponse<'/api/population/imports', 'post'>;

/** Population: upload a FOLK1A file, see what changes, then confirm; line errors when the file is wrong. */
export function PopulationPage() {
  const { t } = useI18n();
  const fileId = useId();
  const hintId = useId();
  const periods = useLoad(() => api<ApiResponse<'/api/population/periods'>>('/api/population/periods'), ['population', 'periods']);
  const fileInput = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lineErrors, setLineErrors] = useState<LineError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [statbankPeriod, setStatbankPeriod] = useState('');
  const statbankId = useId();
  const statbankHintId = useId();

  function upload(event: FormEvent) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    setError(null);
    setLineErrors([]);
    setDone(null);
    setPreview(null);
    if (!file) {
      setError(t('population.chooseFile'));
      return;
    }
    setBusy(true);
    file
      .text()
      .then((text) => api<ImportPreview>('/api/population/imports', { method: 'POST', body: text, contentType: 'text/csv' }))
      .then(setPreview, (e: unknown) => {
        setError(errorMessage(e));
        if (e instanceof ApiError) setLineErrors(e.problem.errors ?? []);
      })
      .finally(() => setBusy(false));
  }

  /** "Hent fra Danmarks Statistik": the server asks StatBank and answers with the same preview as an upload. */
  function fetchFromStatbank(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setLineErrors([]);
    setDone(null);
    setPreview(null);
    setBusy(true);
    api<ApiResponse<'/api/population/statbank', 'post'>>('/api/population/statbank', { method: 'POST', json: { period: statbankPeriod.trim() } })
      .then(setPreview, (e: unknown) => {
        setError(errorMessage(e));
        if (e instanceof ApiError) setLineErrors(e.problem.errors?.filter((x) => x.line > 0) ?? []);
      })
      .finally(() => setBusy(false));
  }

  function confirm() {
    if (!preview) return;
    setBusy(true);
    api<ApiResponse<'/api/population/imports/{importId}/confirm', 'post'>>(`/api/population/imports/${encodeURIComponent(preview.importId)}/confirm`, { method: 'POST' })
      .then(
        (r) => {
          setPreview(null);
          setDone(t('population.confirmed', { count: integer(r.count), period: r.period }));
          if (fileInput.current) fileInput.current.value = '';
          periods.reload();
        },
        (e: unknown) => setError(errorMessage(e)),
      )
      .finally(() => setBusy(false));
  }

  return (
    <>
      <h1>{t('population.title')}</h1>
      <p>{t('population.intro')}</p>
      <h2>{t('population.periods')}</h2>
      {periods.loading ? <Loading /> : null}
      <ErrorAlert message={periods.error} />
      {periods.data && periods.data.periods.length === 0 ? <p>{t('population.none')}</p> : null}
      {periods.data && periods.data.periods.length > 0 ? (
        <ScrollRegion>
          <table className="table table--zebra">
            <caption className="sr-only">{t('population.periods')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('population.period')}</th>
                <th scope="col">{t('population.source')}</th>
                <th scope="col" className="numeric">{t('population.municipalities')}</th>
                <th scope="col" className="numeric">{t('population.total')}</th>
                <th scope="col">{t('population.importedAt')}</th>
                <th scope="col">{t('population.importedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {periods.data.periods.map((p) => (
                <tr key={p.period}>
                  <th scope="row">{p.period}</th>
                  <td>{p.source}</td>
                  <td className="numeric">{integer(p.municipalities)}</td>
                  <td className="numeric">{integer(p.total)}</td>
                  <td>{dateTime(p.importedAt)}</td>
                  <td>{p.importedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}

      <form onSubmit={upload} className="population-upload">
        <div className={`form-group${error && lineErrors.length > 0 ? ' form-error' : ''}`}>
          <label className="form-label" htmlFor={fileId}>
            {t('population.file')}
          </label>
          <span className="form-hint" id={hintId}>
            {t('population.fileHint')}
          </span>
          <input className="form-file-input" type="file" id={fileId} ref={fileInput} accept=".csv,text/csv,text/plain" aria-describedby={hintId} />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('population.upload')}
        </button>
      </form>

      <form onSubmit={fetchFromStatbank} className="population-statbank" aria-labelledby={`${statbankId}-h`}>
        <h2 id={`${statbankId}-h`}>{t('population.statbank')}</h2>
        <p>{t('population.statbankIntro')}</p>
        <div className="form-group">
          <label className="form-label" htmlFor={statbankId}>
            {t('population.statbankPeriod')}
          </label>
          <span className="form-hint" id={statbankHintId}>
            {t('population.statbankHint')}
          </span>
          <input className="form-input input-width-xs" id={statbankId} aria-describedby={statbankHintId} value={statbankPeriod} onChange={(e) => setStatbankPeriod(e.target.value)} required pattern="\d{4}K[1-4]" />
        </div>
        <button type="submit" className="button button-secondary" disabled={busy}>
          {busy ? t('population.statbankFetching') : t('population.statbankFetch')}
        </button>
      </form>

      <SuccessAlert message={done} />
      <ErrorAlert message={error} />
      {lineErrors.length > 0 ? (
        <ScrollRegion>
          <table className="table table--zebra line-errors">
            <caption>{t('population.errors')}</caption>
            <thead>
              <tr>
                <th scope="col" className="numeric">{t('population.line')}</th>
                <th scope="col">{t('population.message')}</th>
              </tr>
            </thead>
            <tbody>
              {lineErrors.map((e, i) => (
                <tr key={`${e.line}-${i}`}>
                  <td className="numeric">{e.line}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}

      {preview ? (
        <section aria-labelledby="preview-heading" className="population-preview">
          <h2 id="preview-heading">{t('population.preview', { period: preview.period })}</h2>
          <p>{t('population.previewIntro', { count: integer(preview.changes.length) })}</p>
          <ScrollRegion>
            <table className="table table--zebra table--compact">
              <caption className="sr-only">{t('population.preview', { period: preview.period })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('register.municipality')}</th>
                  <th scope="col">{t('register.code')}</th>
                  <th scope="col" className="numeric">{t('population.old')}</th>
                  <th scope="col" className="numeric">{t('population.new')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.changes.map((c) => (
                  <tr key={c.municipalityCode}>
                    <th scope="row">{c.municipalityName}</th>
                    <td>{c.municipalityCode}</td>
                    <td className="numeric">{c.oldPopulation === null ? '–' : integer(c.oldPopulation)}</td>
                    <td className="numeric">{integer(c.newPopulation)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={confirm} disabled={busy}>
              {t('population.confirm')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setPreview(null)} disabled={busy}>
              {t('population.discard')}
            </button>
          </div>
        </section>
      ) : null}
    </>
  );
}
