import type { CsvRecord } from '../../core/csv.ts';
import { readCsv } from '../../infra/csv.ts';
import { DomainError } from '../../core/errors.ts';
import type { Municipality, MunicipalityCode } from '../../core/register.ts';

/** Population per municipality for one quarter (indbyggertal, FOLK1A), e.g. period `2022K1`. */
export interface PopulationTable {
  readonly period: string;
  readonly byMunicipality: ReadonlyMap<MunicipalityCode, number>;
  readonly source: string;
}

/** One problem in an import, by the 1-based line of the file (0 = the file as a whole, e.g. a missing municipality). */
export interface ImportLineError {
  readonly line: number;
  readonly message: string;
}

const normalise = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Area rows that are not municipalities: the country, regions, landsdele, and Christiansø (no municipality). */
function isAggregateOrOutside(code: string | undefined, name: string): boolean {
  const n = normalise(name);
  if (n === 'hele landet' || n === 'all denmark' || n.startsWith('region ') || n.startsWith('landsdel ') || n.startsWith('province ')) {
    return true;
  }
  return n === 'christiansø' || code === '411' || code === '000';
}

/** Values a non-area column must have when the table is downloaded as totals (køn i alt, alder i alt …). */
function isTotal(value: string): boolean {
  const v = normalise(value);
  return v === 'tot' || v === 'ialt' || v.includes('i alt') || v.includes('total');
}

/**
 * Parses a Danmarks Statistik StatBank FOLK1A download (the CSV the StatBank API or the web
 * export returns): UTF-8 with or without BOM, `;` separated, quoted or not, a header with
 * OMRÅDE;TID;INDHOLD (other dimension columns such as KØN or ALDER allowed when they hold the
 * totals), area labels as `101 København` (code and name) or `København` (name), quarters like
 * `2022K1`. Rows for the country, regions, landsdele and Christiansø are skipped.
 *
 * Pure: all errors are collected and thrown together as DomainError `population.invalid`
 * (`details.errors`: `{line, message}[]`); nothing is returned unless there are none.
 */
export function parseFolk1a(
  text: string,
  municipalities: readonly Municipality[],
  options: { sourceLabel?: string } = {},
): PopulationTable {
  const errors: ImportLineError[] = [];
  let records: readonly CsvRecord[];
  try {
    records = readCsv(text).records;
  } catch (e) {
    if (e instanceof DomainError) fail([{ line: Number(e.details['line'] ?? 0), message: e.message }]);
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) fail([{ line: 0, message: 'Filen er tom.' }]);
  const columns = header.cells.map(normalise);
  const areaCol = columns.indexOf('område');
  const timeCol = columns.indexOf('tid');
  const valueCol = columns.indexOf('indhold');
  if (areaCol < 0 || timeCol < 0 || valueCol < 0) {
    fail([
      {
        line: header.line,
        message: `Overskriften skal have kolonnerne OMRÅDE, TID og INDHOLD (som Statistikbankens FOLK1A-udtræk); fandt ${header.cells.join(';')}.`,
      },
    ]);
  }
  const otherCols = columns.map((_, i) => i).filter((i) => i !== areaCol && i !== timeCol && i !== valueCol);

  const byCode = new Map(municipalities.map((m) => [m.code, m]));
  const byName = new Map(municipalities.map((m) => [normalise(m.name), m]));
  const lookupName = (name: string): Municipality | undefined => {
    const n = normalise(name).replace(/ kommune$/, '');
    return byName.get(n) ?? byName.get(n.replace(/s$/, '')); // "Københavns Kommune"
  };

  const periods: { value: string; line: number }[] = [];
  const values = new Map<MunicipalityCode, number>();
  const firstLine = new Map<MunicipalityCode, number>();

  for (const r of rows) {
    const at = (msg: string): void => {
      errors.push({ line: r.line, message: msg });
    };
    if (r.cells.length !== header.cells.length) {
      at(`${String(r.cells.length)} felter, men overskriften har ${String(header.cells.length)}.`);
      continue;
    }
    const area = r.cells[areaCol] ?? '';
    const tid = (r.cells[timeCol] ?? '').trim();
    const raw = (r.cells[valueCol] ?? '').trim();

    const codeAndName = /^(\d{1,4})\s+(.+)$/.exec(area.trim());
    const code = codeAndName?.[1];
    const name = codeAndName?.[2] ?? area;
    if (isAggregateOrOutside(code, name)) continue;

    for (const i of otherCols) {
      const v = r.cells[i] ?? '';
      if (!isTotal(v)) at(`Kolonnen ${header.cells[i] ?? ''} er "${v}"; hent FOLK1A med totaler (i alt) for alle andre variable end område og tid.`);
    }

    let muni: Municipality | undefined;
    if (code !== undefined) {
      muni = byCode.get(code.padStart(3, '0'));
      if (!muni) at(`Ukendt kommunekode ${code} ("${area.trim()}").`);
      else if (lookupName(name) !== muni) at(`Kommunekode ${code} er ${muni.name}, men rækken hedder "${name.trim()}".`);
    } else {
      muni = lookupName(name);
      if (!muni) at(`Ukendt kommune "${area.trim()}".`);
    }

    if (!/^\d{4}K[1-4]$/.test(tid)) at(`"${tid}" er ikke et kvartal som 2022K1.`);
    else periods.push({ value: tid, line: r.line });

    let count: number | undefined;
    if (/^\d+$/.test(raw)) count = Number(raw);
    else if (/^\d{1,3}(\.\d{3})+$/.test(raw)) count = Number(raw.replace(/\./g, ''));
    else at(raw === '..' || raw === '' ? 'Befolkningstallet mangler.' : `"${raw}" er ikke et befolkningstal (et helt, ikke-negativt tal).`);
    if (count !== undefined && !Number.isSafeInteger(count)) {
      at(`"${raw}" er for stort.`);
      count = undefined;
    }

    if (muni) {
      const seen = firstLine.get(muni.code);
      if (seen !== undefined) at(`${muni.name} står der allerede (linje ${String(seen)}).`);
      else {
        firstLine.set(muni.code, r.line);
        if (count !== undefined) values.set(muni.code, count);
      }
    }
  }

  // The file's quarter is the one most rows have; the other rows are the ones named as wrong.
  const counts = new Map<string, number>();
  for (const p of periods) counts.set(p.value, (counts.get(p.value) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const period = periods.find((p) => p.value === best);
  for (const p of periods) {
    if (period && p.value !== period.value) {
      errors.push({ line: p.line, message: `Kvartalet ${p.value} afviger fra filens ${period.value} (fx linje ${String(period.line)}); filen må kun have ét kvartal.` });
    }
  }
  errors.sort((a, b) => (a.line === 0 ? 1 : 0) - (b.line === 0 ? 1 : 0) || a.line - b.line);
  for (const m of municipalities) {
    if (!firstLine.has(m.code)) errors.push({ line: 0, message: `Kommune ${m.code} ${m.name} mangler i filen.` });
  }
  if (!period && errors.length === 0) errors.push({ line: 0, message: 'Filen har ingen kommunerækker.' });
  if (errors.length > 0 || !period) fail(errors);

  return {
    period: period.value,
    byMunicipality: values,
    source: options.sourceLabel ?? `Danmarks Statistik, Statistikbanken FOLK1A ${period.value} (importeret fil)`,
  };
}

function fail(errors: readonly ImportLineError[]): never {
  const shown = errors
    .slice(0, 5)
    .map((e) => (e.line > 0 ? `linje ${String(e.line)}: ${e.message}` : e.message))
    .join(' ');
  const more = errors.length > 5 ? ` … og ${String(errors.length - 5)} fejl mere.` : '';
  throw new DomainError(
    'population.invalid',
    `Befolkningsfilen blev ikke indlæst (${String(errors.length)} fejl; intet er importeret). ${shown}${more}`,
    { errors },
  );
}
