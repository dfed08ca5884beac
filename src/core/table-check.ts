import { parseCsv } from './csv.ts';
import { distribute } from './distribution.ts';
import { DomainError } from './errors.ts';
import { formatInteger, kroner, parseDanishInteger } from './money.ts';
import * as Q from './rational.ts';
import type { Rational } from './rational.ts';

/**
 * Checks a published allocation table laid out like Bilag 1, Tabel 1 (seed 000): a header
 * `Klynge/Region;Kommuner;Region;I alt`, a `Region …` row followed by its clusters, and a final
 * `Total` row, amounts in whole kroner as printed (`4.030.016`). Published tables round every cell
 * on its own, so they rarely add up; the checker says exactly where they do not.
 */

/** What kind of inconsistency a finding is. */
export type TableFindingKind =
  /** Kommuner + Region ≠ I alt in one row. */
  | 'row-sum'
  /** A region row ≠ the sum of its clusters in one column. */
  | 'region-sum'
  /** The Total row ≠ the sum of the region rows in one column. */
  | 'total-sum'
  /** A cell that is not a whole number as printed (e.g. `3.936286`), or is empty. */
  | 'malformed-number'
  /** A cluster's regional kroner per inhabitant deviate from its region's beyond the tolerance. */
  | 'per-inhabitant-deviation'
  /** A region row with no clusters under it. */
  | 'empty-region'
  /** The table has no `Total` row. */
  | 'missing-total';

export interface TableFinding {
  readonly kind: TableFindingKind;
  /** 1-based line in the CSV. */
  readonly line: number;
  /** The row's label as printed (`Klynge Midt`, `Region Syddanmark`, `Total`). */
  readonly row: string;
  /** The region the row belongs to; null for the Total row. */
  readonly region: string | null;
  /** `Kommuner`, `Region` or `I alt`; null when the finding is about the row as a whole. */
  readonly column: TableColumn | null;
  /** The amount as printed, in kroner; null when it cannot be read. */
  readonly statedKr: number | null;
  /** What the amount should be by the check, in kroner; null when it cannot be computed. */
  readonly computedKr: number | null;
  /** Danish explanation that quotes the cell as printed. */
  readonly text: string;
}

export type TableColumn = 'Kommuner' | 'Region' | 'I alt';
const COLUMNS: readonly TableColumn[] = ['Kommuner', 'Region', 'I alt'];
const HEADER = ['klynge/region', 'kommuner', 'region', 'i alt'];

export interface TableCheckOptions {
  /**
   * How far (as a fraction, e.g. 1/200 = 0,5 %) a cluster's regional kroner per inhabitant may
   * deviate from its region's before it is reported. Each cell is rounded to whole kroner, which
   * alone moves the ratio by far less than 0,01 % for a cluster of a few hundred thousand kroner.
   */
  readonly deviationTolerance?: Rational;
}

export const DEFAULT_DEVIATION_TOLERANCE: Rational = Q.rational(1n, 200n);

export interface TableCheckResult {
  readonly findings: readonly TableFinding[];
  readonly regions: number;
  readonly clusters: number;
}

interface Cell {
  readonly printed: string;
  readonly value: number | null;
}

interface TableRow {
  readonly line: number;
  readonly label: string;
  readonly cells: Record<TableColumn, Cell>;
}

interface RegionBlock {
  readonly row: TableRow;
  readonly clusters: TableRow[];
}

const kr = (n: number): string => formatInteger(n);
const signedKr = (n: number): string => (n > 0 ? `+${formatInteger(n)}` : formatInteger(n));

function readCell(printed: string): Cell {
  if (printed.trim() === '') return { printed, value: null };
  try {
    return { printed, value: parseDanishInteger(printed) };
  } catch (e) {
    if (e instanceof DomainError) return { printed, value: null };
    throw e;
  }
}

function isTotalLabel(label: string): boolean {
  return /^(total|i alt|total i alt)$/i.test(label.trim());
}

function isRegionLabel(label: string): boolean {
  return /^region\s+\S/i.test(label.trim());
}

function parseTable(text: string): { blocks: RegionBlock[]; total: TableRow | null } {
  const { records } = parseCsv(text);
  const [header, ...body] = records;
  if (!header) throw new DomainError('table.empty', 'Tabellen er tom.');
  const headerCells = header.cells.map((c) => c.trim().toLowerCase());
  if (headerCells.length !== 4 || headerCells.some((c, i) => c !== HEADER[i])) {
    throw new DomainError(
      'table.header',
      `Linje ${String(header.line)}: overskriften skal være "Klynge/Region;Kommuner;Region;I alt", men er "${header.cells.join(';')}".`,
      { line: header.line },
    );
  }
  const errors: { line: number; message: string }[] = [];
  const blocks: RegionBlock[] = [];
  let total: TableRow | null = null;
  for (const record of body) {
    const cells = record.cells;
    if (cells.length !== 4) {
      errors.push({ line: record.line, message: `rækken har ${String(cells.length)} celler, men skal have 4.` });
      continue;
    }
    const [label = '', k = '', r = '', t = ''] = cells;
    const row: TableRow = {
      line: record.line,
      label: label.trim(),
      cells: { Kommuner: readCell(k), Region: readCell(r), 'I alt': readCell(t) },
    };
    if (row.label === '') {
      errors.push({ line: record.line, message: 'rækken har ingen betegnelse (Klynge/Region).' });
    } else if (total) {
      errors.push({ line: record.line, message: `der står en række ("${row.label}") efter Total-rækken.` });
    } else if (isTotalLabel(row.label)) {
      total = row;
    } else if (isRegionLabel(row.label)) {
      blocks.push({ row, clusters: [] });
    } else {
      const current = blocks[blocks.length - 1];
      if (!current) errors.push({ line: record.line, message: `klyngen "${row.label}" står før den første region.` });
      else current.clusters.push(row);
    }
  }
  if (errors.length > 0) {
    const first = errors[0];
    throw new DomainError(
      'table.invalid',
      `Tabellen kan ikke læses: linje ${String(first?.line)}: ${first?.message ?? ''}${errors.length > 1 ? ` (og ${String(errors.length - 1)} fejl mere)` : ''}`,
      { errors },
    );
  }
  if (blocks.length === 0) throw new DomainError('table.no-regions', 'Tabellen har ingen regionsrækker ("Region …").');
  return { blocks, total };
}

function rowName(row: TableRow, region: string | null): string {
  return region && region !== row.label ? `${row.label} (${region})` : row.label;
}

function malformedFindings(row: TableRow, region: string | null): TableFinding[] {
  const out: TableFinding[] = [];
  const { Kommuner: k, Region: r, 'I alt': t } = row.cells;
  for (const column of COLUMNS) {
    const cell = row.cells[column];
    if (cell.value !== null) continue;
    // The row's other two cells say what the unreadable one should have been.
    let computed: number | null = null;
    if (column === 'I alt' && k.value !== null && r.value !== null) computed = k.value + r.value;
    if (column === 'Kommuner' && t.value !== null && r.value !== null) computed = t.value - r.value;
    if (column === 'Region' && t.value !== null && k.value !== null) computed = t.value - k.value;
    const what = cell.printed.trim() === '' ? 'er tom' : `"${cell.printed.trim()}" er ikke et helt beløb i kroner`;
    out.push({
      kind: 'malformed-number',
      line: row.line,
      row: row.label,
      region,
      column,
      statedKr: null,
      computedKr: computed,
      text:
        `${rowName(row, region)}, ${column}: ${what}` +
        (computed === null ? '.' : `; rækkens øvrige celler giver ${kr(computed)}.`),
    });
  }
  return out;
}

function rowSumFinding(row: TableRow, region: string | null): TableFinding | null {
  const { Kommuner: k, Region: r, 'I alt': t } = row.cells;
  if (k.value === null || r.value === null || t.value === null) return null;
  const computed = k.value + r.value;
  if (computed === t.value) return null;
  return {
    kind: 'row-sum',
    line: row.line,
    row: row.label,
    region,
    column: 'I alt',
    statedKr: t.value,
    computedKr: computed,
    text:
      `${rowName(row, region)}: I alt er trykt som "${t.printed.trim()}", men Kommuner + Region = ` +
      `${k.printed.trim()} + ${r.printed.trim()} = ${kr(computed)} (forskel ${signedKr(computed - t.value)} kr.).`,
  };
}

function columnSumFindings(
  kind: 'region-sum' | 'total-sum',
  sumRow: TableRow,
  parts: readonly TableRow[],
  region: string | null,
): TableFinding[] {
  const out: TableFinding[] = [];
  const partsName = kind === 'region-sum' ? 'klyngerne' : 'regionerne';
  for (const column of COLUMNS) {
    const stated = sumRow.cells[column];
    if (stated.value === null) continue;
    const values = parts.map((p) => p.cells[column].value);
    // A sum over an unreadable cell says nothing; that cell is reported on its own.
    if (values.some((v) => v === null)) continue;
    const computed = values.reduce<number>((s, v) => s + (v ?? 0), 0);
    if (computed === stated.value) continue;
    out.push({
      kind,
      line: sumRow.line,
      row: sumRow.label,
      region,
      column,
      statedKr: stated.value,
      computedKr: computed,
      text:
        `${sumRow.label}, ${column}: trykt som "${stated.printed.trim()}", men ${partsName} summer til ` +
        `${kr(computed)} (forskel ${signedKr(computed - stated.value)} kr.).`,
    });
  }
  return out;
}

function deviationFindings(block: RegionBlock, tolerance: Rational): TableFinding[] {
  const out: TableFinding[] = [];
  const region = block.row.label;
  const regionK = block.row.cells.Kommuner.value;
  const regionR = block.row.cells.Region.value;
  if (regionK === null || regionR === null || regionK <= 0 || regionR <= 0) return out;
  for (const cluster of block.clusters) {
    const k = cluster.cells.Kommuner.value;
    const r = cluster.cells.Region.value;
    if (k === null || r === null || k <= 0) continue;
    // The municipal column is the same kroner per inhabitant in every municipality, so it stands in
    // for population: regional kr. per inhabitant ∝ Region / Kommuner, and the population cancels.
    const deviation = Q.add(
      Q.div(Q.rational(BigInt(r) * BigInt(regionK)), Q.rational(BigInt(k) * BigInt(regionR))),
      Q.fromInteger(-1),
    );
    const magnitude = deviation.num < 0n ? Q.rational(-deviation.num, deviation.den) : deviation;
    if (Q.compare(magnitude, tolerance) <= 0) continue;
    let expected: number | null = null;
    if (regionK >= k) {
      // What the cluster would get at its region's rate: the region's amount split over this
      // cluster and the rest of the region by the municipal column — the one distribution mechanism.
      const split = distribute(
        kroner(regionR),
        [
          { party: 'cluster', basis: Q.fromInteger(k) },
          { party: 'rest', basis: Q.fromInteger(regionK - k) },
        ],
        'krone',
      );
      const first = split.rows[0];
      expected = first ? first.amount / 100 : null;
    }
    const percent = Q.toDecimalString(Q.mul(deviation, Q.fromInteger(100)), 2);
    out.push({
      kind: 'per-inhabitant-deviation',
      line: cluster.line,
      row: cluster.label,
      region,
      column: 'Region',
      statedKr: r,
      computedKr: expected,
      text:
        `${rowName(cluster, region)}: regionens midler pr. indbygger afviger ${percent.startsWith('-') ? '' : '+'}${percent} % ` +
        `fra regionens egen sats (målt mod kommunekolonnen, der er ens pr. indbygger): trykt "${cluster.cells.Region.printed.trim()}"` +
        (expected === null ? '.' : `, ved regionens sats ${kr(expected)}.`),
    });
  }
  return out;
}

/** Checks a published allocation table (CSV text) and lists every inconsistency, in table order. */
export function checkPublishedTable(text: string, options: TableCheckOptions = {}): TableCheckResult {
  const tolerance = options.deviationTolerance ?? DEFAULT_DEVIATION_TOLERANCE;
  if (tolerance.num < 0n) throw new DomainError('table.tolerance', 'Tolerancen må ikke være negativ.');
  const { blocks, total } = parseTable(text);
  const findings: TableFinding[] = [];
  for (const block of blocks) {
    const region = block.row.label;
    findings.push(...malformedFindings(block.row, region));
    const own = rowSumFinding(block.row, region);
    if (own) findings.push(own);
    for (const cluster of block.clusters) {
      findings.push(...malformedFindings(cluster, region));
      const f = rowSumFinding(cluster, region);
      if (f) findings.push(f);
    }
    if (block.clusters.length === 0) {
      findings.push({
        kind: 'empty-region',
        line: block.row.line,
        row: region,
        region,
        column: null,
        statedKr: null,
        computedKr: null,
        text: `${region} har ingen klynger under sig.`,
      });
    } else {
      findings.push(...columnSumFindings('region-sum', block.row, block.clusters, region));
      findings.push(...deviationFindings(block, tolerance));
    }
  }
  if (total) {
    findings.push(...malformedFindings(total, null));
    const f = rowSumFinding(total, null);
    if (f) findings.push(f);
    findings.push(...columnSumFindings('total-sum', total, blocks.map((b) => b.row), null));
  } else {
    const last = blocks[blocks.length - 1];
    const lastLine = last ? Math.max(last.row.line, ...last.clusters.map((c) => c.line)) : 1;
    findings.push({
      kind: 'missing-total',
      line: lastLine,
      row: 'Total',
      region: null,
      column: null,
      statedKr: null,
      computedKr: null,
      text: 'Tabellen har ingen Total-række; kolonnernes totaler kan ikke kontrolleres.',
    });
  }
  return {
    findings,
    regions: blocks.length,
    clusters: blocks.reduce((n, b) => n + b.clusters.length, 0),
  };
}
