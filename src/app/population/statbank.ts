import { DomainError } from '../../core/errors.ts';

/** Danmarks Statistik's open StatBank API (Statistikbanken); `KLYNGE_STATBANK_URL` replaces it (tests, proxies). */
export const DEFAULT_STATBANK_URL = 'https://api.statbank.dk/v1';

export function statbankUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (env['KLYNGE_STATBANK_URL']?.trim() || DEFAULT_STATBANK_URL).replace(/\/+$/, '');
}

/**
 * The StatBank request for FOLK1A in one quarter: every area (the importer skips the country,
 * regions and Christiansø), totals for sex, age and marital status, as CSV with each area's code
 * and name (`101 København`) so that names never have to be guessed.
 */
export function folk1aRequest(period: string): Record<string, unknown> {
  return {
    table: 'FOLK1A',
    format: 'CSV',
    lang: 'da',
    valuePresentation: 'CodeAndValue',
    variables: [
      { code: 'OMRÅDE', values: ['*'] },
      { code: 'KØN', values: ['TOT'] },
      { code: 'ALDER', values: ['IALT'] },
      { code: 'CIVILSTAND', values: ['TOT'] },
      { code: 'Tid', values: [period] },
    ],
  };
}

const UNREACHABLE =
  'Danmarks Statistiks Statistikbank kan ikke nås fra serveren lige nu (ingen forbindelse til internettet eller til Statistikbanken). Hent i stedet FOLK1A-filen i Statistikbanken, og læs den ind med “Vælg fil”.';

/**
 * Asks the StatBank API for FOLK1A in `period` (e.g. 2022K1) and returns the CSV text as it came,
 * for the ordinary preview → confirm import. StatBank's own error answers (HTTP 400 with JSON
 * `{message}`) and an unreachable server become Danish DomainErrors; nothing is imported.
 */
export async function fetchFolk1a(period: string, options: { baseUrl: string; timeoutMs?: number; fetchImpl?: typeof fetch }): Promise<string> {
  if (!/^\d{4}K[1-4]$/.test(period)) throw new DomainError('statbank.period', `"${period}" er ikke et kvartal som 2022K1.`, { field: 'period' });
  const doFetch = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${options.baseUrl}/data`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv, application/json' },
      body: JSON.stringify(folk1aRequest(period)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
  } catch {
    throw new DomainError('statbank.unreachable', UNREACHABLE, { period });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    let message = '';
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message.trim().replace(/\.$/, '');
    } catch {
      // Not JSON: StatBank (or a proxy) answered with something else; report the status only.
    }
    throw new DomainError(
      'import.statbank',
      `Statistikbanken afviste forespørgslen på FOLK1A ${period} (HTTP ${String(response.status)})${message ? `: ${message}` : ''}. Intet er indlæst.`,
      { period, status: response.status, errors: [{ line: 0, message: message || `HTTP ${String(response.status)}` }] },
    );
  }
  if (text.trim() === '') throw new DomainError('import.statbank', `Statistikbanken sendte et tomt svar for FOLK1A ${period}. Intet er indlæst.`, { period });
  return text;
}
