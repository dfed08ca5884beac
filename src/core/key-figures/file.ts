import { parseCsv, type CsvRecord, type ParsedCsv } from '../csv.ts';
import { DomainError } from '../errors.ts';
import type { Register } from '../register.ts';

/**
 * The one documented long format of a key-figure file (nøgletalsfil), `;` or `,` separated, UTF-8:
 *
 *     nøgletal;område;periode;tæller;nævner[;kilde]
 *     elderly-readmissions;101;2022;1234;9876
 *     population;hovedstaden-syd:101;2022K1;287181;
 *
 * - nøgletal: an indicator id of the catalogue.
 * - område: a municipality code (`101`), a cluster id (`hovedstaden-syd`), or a municipality's part
 *   of a cluster (`hovedstaden-syd:101`) — the only way a partially member municipality counts in
 *   a cluster's figure; without it the cluster's figure is "not available", never guessed.
 * - periode: a year `2022`, a quarter `2022K1` or a month `2022M01`.
 * - tæller: a whole number ≥ 0 (the count of persons or events); nævner: a whole number > 0 for a
 *   rate, empty for a count.
 * - kilde (optional): where the row comes from; else the file's source.
 */

/** An indicator as the file check needs it. */
export interface IndicatorRef {
  readonly id: string;
  readonly kind: 'count' | 'rate';
}

export type AreaKind = 'municipality' | 'cluster' | 'share';

/** One validated row of a key-figure file. */
export interface KeyFigureRow {
  readonly indicatorId: string;
  readonly area: string;
  readonly areaKind: AreaKind;
  readonly period: string;
  readonly numerator: number;
  readonly denominator: number | null;
  readonly source: string;
}

export interface KeyFigureLineError {
  readonly line: number;
  readonly message: string;
}

const HEADERS = { indicator: ['nøgletal', 'indikator', 'indicator'], area: ['område', 'area'], period: ['periode', 'period'], numerator: ['tæller', 'antal', 'numerator', 'count'], denominator: ['nævner', 'denominator'], source: ['kilde', 'source'] } as const;

export const PERIOD_PATTERN = /^\d{4}(K[1-4]|M(0[1-9]|1[0-2]))?$/;

function wholeNumber(raw: string): number | null {
  const t = raw.trim();
  const digits = /^\d+$/.test(t) ? t : /^\d{1,3}(\.\d{3})+$/.test(t) ? t.replace(/\./g, '') : null;
  if (digits === null) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Parses and validates a key-figure file against the catalogue and the register (clusters,
 * municipalities, memberships). Pure. All errors are collected and thrown together as DomainError
 * `key-figures.invalid` (`details.errors`: `{line, message}[]`); nothing is returned unless there are none.
 */
export function parseKeyFigureFile(
  text: string,
  indicators: readonly IndicatorRef[],
  register: Pick<Register, 'clusters' | 'municipalities' | 'memberships'>,
  fileSource: string,
  /** The CSV reader (the server passes its csv-parse adapter, src/infra/csv.ts). */
  readCsv: (text: string) => ParsedCsv = parseCsv,
): KeyFigureRow[] {
  let records: readonly CsvRecord[];
  try {
    records = readCsv(text).records;
  } catch (e) {
    if (e instanceof DomainError) fail([{ line: Number(e.details['line'] ?? 0), message: e.message }]);
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) fail([{ line: 0, message: 'Filen er tom.' }]);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const col = (options: readonly string[]): number => names.findIndex((n) => options.includes(n));
  const at = { indicator: col(HEADERS.indicator), area: col(HEADERS.area), period: col(HEADERS.period), numerator: col(HEADERS.numerator), denominator: col(HEADERS.denominator), source: col(HEADERS.source) };
  if (at.indicator < 0 || at.area < 0 || at.period < 0 || at.numerator < 0) {
    fail([{ line: header.line, message: `Overskriften skal være nøgletal;område;periode;tæller;nævner (nævner og kilde kan udelades); fandt ${header.cells.join(';')}.` }]);
  }
  const byIndicator = new Map(indicators.map((i) => [i.id, i]));
  const municipalities = new Set(register.municipalities.map((m) => m.code));
  const clusters = new Set(register.clusters.map((c) => c.id));
  const errors: KeyFigureLineError[] = [];
  const result: KeyFigureRow[] = [];
  const seen = new Map<string, number>();
  if (rows.length === 0) errors.push({ line: 0, message: 'Filen har ingen rækker under overskriften.' });
  for (const r of rows) {
    const lineErrors: string[] = [];
    if (r.cells.length > header.cells.length) lineErrors.push(`${String(r.cells.length)} felter, men overskriften har ${String(header.cells.length)}.`);
    const cell = (i: number): string => (i < 0 ? '' : (r.cells[i] ?? '').trim());
    const indicator = byIndicator.get(cell(at.indicator));
    if (!indicator) lineErrors.push(`Ukendt nøgletal "${cell(at.indicator)}" (se kataloget for gyldige id'er).`);
    const area = cell(at.area);
    let areaKind: AreaKind | null = null;
    const share = /^([a-z0-9-]+):(\d{3})$/.exec(area);
    if (/^\d{3}$/.test(area)) {
      if (municipalities.has(area)) areaKind = 'municipality';
      else lineErrors.push(`Ukendt kommunekode ${area}.`);
    } else if (share) {
      const [, clusterId = '', code = ''] = share;
      if (!clusters.has(clusterId)) lineErrors.push(`Ukendt klynge "${clusterId}" i området ${area}.`);
      else if (!register.memberships.some((m) => m.clusterId === clusterId && m.municipalityCode === code)) lineErrors.push(`Kommune ${code} er ikke medlem af klyngen ${clusterId}.`);
      else areaKind = 'share';
    } else if (clusters.has(area)) areaKind = 'cluster';
    else lineErrors.push(area === '' ? 'Området mangler.' : `Ukendt område "${area}" (brug en kommunekode, et klynge-id eller klynge-id:kommunekode).`);
    const period = cell(at.period);
    if (!PERIOD_PATTERN.test(period)) lineErrors.push(`"${period}" er ikke en periode som 2022, 2022K1 eller 2022M01.`);
    const numerator = wholeNumber(cell(at.numerator));
    if (numerator === null) lineErrors.push(cell(at.numerator) === '' ? 'Tælleren mangler.' : `Tælleren "${cell(at.numerator)}" er ikke et helt tal ≥ 0.`);
    const rawDen = cell(at.denominator);
    let denominator: number | null = null;
    if (indicator?.kind === 'rate') {
      denominator = wholeNumber(rawDen);
      if (denominator === null || denominator === 0) lineErrors.push(rawDen === '' ? `Nævneren mangler (${indicator.id} er en rate).` : `Nævneren "${rawDen}" er ikke et helt tal > 0.`);
    } else if (indicator && rawDen !== '') lineErrors.push(`${indicator.id} er et antal; nævneren skal være tom.`);
    const key = `${cell(at.indicator)}|${area}|${period}`;
    const first = seen.get(key);
    if (first !== undefined) lineErrors.push(`Samme nøgletal, område og periode står allerede i linje ${String(first)}.`);
    else seen.set(key, r.line);
    if (lineErrors.length > 0 || !indicator || areaKind === null || numerator === null) {
      for (const m of lineErrors) errors.push({ line: r.line, message: m });
      continue;
    }
    result.push({ indicatorId: indicator.id, area, areaKind, period, numerator, denominator, source: cell(at.source) || fileSource });
  }
  if (errors.length > 0) fail(errors);
  return result;
}

function fail(errors: readonly KeyFigureLineError[]): never {
  const shown = errors
    .slice(0, 5)
    .map((e) => (e.line > 0 ? `linje ${String(e.line)}: ${e.message}` : e.message))
    .join(' ');
  const more = errors.length > 5 ? ` … og ${String(errors.length - 5)} fejl mere.` : '';
  throw new DomainError('key-figures.invalid', `Nøgletalsfilen blev ikke indlæst (${String(errors.length)} fejl; intet er importeret). ${shown}${more}`, { errors });
}
