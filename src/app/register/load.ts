import { readFileSync } from 'node:fs';
import { parseCsv, type CsvRecord } from '../../core/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { parseDanishInteger } from '../../core/money.ts';
import {
  parseBasis,
  validateRegister,
  type Cluster,
  type Membership,
  type Municipality,
  type Region,
  type Register,
} from '../../core/register.ts';
import { projectPath } from '../../infra/project-root.ts';

/** The repository's reference/ folder (register, model and population data with provenance). */
export const REFERENCE_DIR = `${projectPath('reference')}/`;

export function referencePath(relative: string): string {
  return `${REFERENCE_DIR}${relative}`;
}

export function readReference(relative: string): string {
  return readFileSync(referencePath(relative), 'utf8');
}

/** The model parameters of a year as reference/years.json keeps them (amounts in whole kroner). */
export interface YearManifest {
  readonly clusters: string;
  readonly memberships: string;
  readonly registerProvenance: readonly string[];
  readonly model: {
    readonly municipalTotalKr: number;
    readonly regionalTotalKr: number;
    readonly regionalKey: {
      readonly kind: 'amounts' | 'shares';
      readonly values: Readonly<Record<string, number | string>>;
      readonly source: string;
      readonly assumption: boolean;
    };
    readonly populationPeriod: string;
    readonly populationPeriodSource: string;
    readonly unit: 'krone' | 'øre';
  };
  readonly bundledPopulation: { readonly municipal: string; readonly clusterLevel: string } | null;
}

let manifestCache: Readonly<Record<string, YearManifest>> | undefined;

function manifest(): Readonly<Record<string, YearManifest>> {
  manifestCache ??= JSON.parse(readReference('years.json')) as Record<string, YearManifest>;
  return manifestCache;
}

/** The years the repository has a register and model for. */
export function registerYears(): number[] {
  return Object.keys(manifest())
    .map(Number)
    .sort((a, b) => a - b);
}

export function yearManifest(year: number): YearManifest {
  const m = manifest()[String(year)];
  if (!m) {
    throw new DomainError(
      'register.unknown-year',
      `Der er intet register for ${String(year)}; kendte år: ${registerYears().join(', ')}.`,
      { year },
    );
  }
  return m;
}

/** Reads a CSV with a header row into objects keyed by column name; names file and line in errors. */
export function readTable(relative: string, text: string = readReference(relative)): { line: number; row: Record<string, string> }[] {
  const { records } = parseCsv(text, ',');
  const [header, ...rows] = records;
  if (!header) throw new DomainError('register.empty-file', `${relative} er tom.`);
  return rows.map((r: CsvRecord) => {
    if (r.cells.length !== header.cells.length) {
      throw new DomainError(
        'register.bad-row',
        `${relative}, linje ${String(r.line)}: ${String(r.cells.length)} felter, forventede ${String(header.cells.length)}.`,
      );
    }
    return { line: r.line, row: Object.fromEntries(header.cells.map((h, i) => [h, r.cells[i] ?? ''])) };
  });
}

function field(relative: string, line: number, row: Record<string, string>, name: string): string {
  const v = row[name];
  if (v === undefined || v === '') {
    throw new DomainError('register.bad-row', `${relative}, linje ${String(line)}: feltet "${name}" mangler.`);
  }
  return v;
}

function yesNo(relative: string, line: number, text: string): boolean {
  if (text === 'ja') return true;
  if (text === 'nej') return false;
  throw new DomainError('register.bad-row', `${relative}, linje ${String(line)}: "${text}" skal være ja eller nej.`);
}

const registerCache = new Map<number, Register>();

/** The register of a year from reference/ (throws DomainError for a year without one). */
export function loadRegister(year: number): Register {
  const cached = registerCache.get(year);
  if (cached) return cached;
  const m = yearManifest(year);
  const regions: Region[] = readTable('regions.csv').map(({ line, row }) => ({
    code: field('regions.csv', line, row, 'code'),
    name: field('regions.csv', line, row, 'name'),
  }));
  const municipalities: Municipality[] = readTable('municipalities.csv').map(({ line, row }) => ({
    code: field('municipalities.csv', line, row, 'code'),
    name: field('municipalities.csv', line, row, 'name'),
    regionCode: field('municipalities.csv', line, row, 'region'),
  }));
  const clusters: Cluster[] = readTable(m.clusters).map(({ line, row }) => ({
    id: field(m.clusters, line, row, 'id'),
    regionCode: field(m.clusters, line, row, 'region'),
    name: field(m.clusters, line, row, 'name'),
  }));
  const memberships: Membership[] = readTable(m.memberships).map(({ line, row }) => {
    const f = (name: string): string => field(m.memberships, line, row, name);
    const mark = row['mark'] ?? '';
    if (mark !== '' && mark !== '*' && mark !== '**' && mark !== '***') {
      throw new DomainError('register.bad-row', `${m.memberships}, linje ${String(line)}: ukendt markering "${mark}".`);
    }
    const basis = (name: string): ReturnType<typeof parseBasis> => {
      try {
        return parseBasis(f(name));
      } catch (e) {
        if (e instanceof DomainError) throw new DomainError(e.code, `${m.memberships}, linje ${String(line)}: ${e.message}`, e.details, e.kind);
        throw e;
      }
    };
    return {
      clusterId: f('cluster'),
      municipalityCode: f('municipality'),
      political: yesNo(m.memberships, line, f('political')),
      administrative: yesNo(m.memberships, line, f('administrative')),
      basis: { 'common-funds': basis('common_funds'), secretariat: basis('secretariat') },
      mark,
      note: row['note'] ?? '',
    };
  });
  const register: Register = { year, regions, municipalities, clusters, memberships, provenance: m.registerProvenance };
  validateRegister(register);
  registerCache.set(year, register);
  return register;
}

/** Parses a Danish whole number cell of a reference file, naming the file and line on error. */
export function referenceInteger(relative: string, line: number, text: string): number {
  try {
    return parseDanishInteger(text);
  } catch {
    throw new DomainError('register.bad-row', `${relative}, linje ${String(line)}: "${text}" er ikke et helt tal.`);
  }
}
