/**
 * Reads an allocation run as the server sends it (the CLI's JSON contract plus kr. per inhabitant
 * and an explanation per figure) into the rows of the Bilag 1 table. Kept apart from the page so
 * the shape the page relies on is in one place.
 */

import { perInhabitantKr } from '../../../core/allocation.ts';
import * as Q from '../../../core/rational.ts';

export type Column = 'municipal' | 'regional' | 'total';
export const COLUMNS: readonly Column[] = ['municipal', 'regional', 'total'];

/** An explanation as the server sends it: plain values keyed by what they are. */
export type Explanation = Record<string, unknown>;

export interface TableRow {
  key: string;
  level: 'region' | 'cluster' | 'total';
  name: string;
  /** The region's name, for a cluster row. */
  parent: string | null;
  amounts: Record<Column, number>;
  population: number | null;
  /** kr. per inhabitant: rounded once from the exact figure when the population is known (see perInhabitantExact), else as the server sent it. */
  perInhabitant: number | string | null;
  explanations: Partial<Record<Column, Explanation>>;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function perInhabitantOf(o: Json): number | string | null {
  const v = o.perInhabitantKr ?? o.krPerInhabitant ?? o.perInhabitant ?? o.totalPerInhabitant;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (isObject(v)) {
    const total = v.total ?? v.totalKr;
    if (typeof total === 'number' || typeof total === 'string') return total;
  }
  return null;
}

function explanationsOf(o: Json): Partial<Record<Column, Explanation>> {
  const source = o.explanations ?? o.explanation ?? o.explain;
  const out: Partial<Record<Column, Explanation>> = {};
  if (!isObject(source)) return out;
  for (const column of COLUMNS) {
    const e = source[column] ?? source[`${column}Ore`];
    if (isObject(e)) out[column] = e;
    else if (typeof e === 'string') out[column] = { text: e };
  }
  return out;
}

function rowOf(o: Json, level: TableRow['level'], key: string, name: string, parent: string | null): TableRow {
  return {
    key,
    level,
    name,
    parent,
    amounts: { municipal: num(o.municipalOre) ?? 0, regional: num(o.regionalOre) ?? 0, total: num(o.totalOre) ?? 0 },
    population: num(o.population),
    perInhabitant: perInhabitantOf(o),
    explanations: explanationsOf(o),
  };
}

/** Region rows each followed by its clusters, then the national total (I alt). */
export function allocationRows(result: unknown, grandTotalName: string): TableRow[] {
  if (!isObject(result) || !Array.isArray(result.regions)) return [];
  const rows: TableRow[] = [];
  const total: TableRow = rowOf(isObject(result.totals) ? result.totals : {}, 'total', 'total', grandTotalName, null);
  let population = 0;
  for (const [i, region] of result.regions.entries()) {
    if (!isObject(region)) continue;
    const regionName = str(region.region) ?? str(region.name) ?? `Region ${i + 1}`;
    const regionKey = `r:${str(region.regionCode) ?? str(region.code) ?? regionName}`;
    const clusters = Array.isArray(region.clusters) ? region.clusters.filter(isObject) : [];
    const regionRow = rowOf(region, 'region', regionKey, regionName, null);
    if (regionRow.population === null && clusters.every((c) => num(c.population) !== null)) {
      regionRow.population = clusters.reduce((s, c) => s + (num(c.population) ?? 0), 0);
    }
    rows.push(regionRow);
    for (const c of clusters) {
      const name = str(c.cluster) ?? str(c.name) ?? '';
      rows.push(rowOf(c, 'cluster', `c:${str(c.clusterId) ?? str(c.id) ?? name}`, name, regionName));
    }
    population += regionRow.population ?? 0;
    if (!isObject(result.totals)) {
      for (const column of COLUMNS) total.amounts[column] += regionRow.amounts[column];
    }
  }
  if (num(result.totalOre) !== null) total.amounts.total = num(result.totalOre) ?? total.amounts.total;
  if (total.population === null) total.population = population;
  rows.push(total);
  for (const row of rows) row.perInhabitant = perInhabitantExact(row) ?? row.perInhabitant;
  return rows;
}

/**
 * Kr. per inhabitant to 2 decimals, rounded once from the exact amount ÷ population, as the
 * exports compute it (src/app/allocation/table.ts). The server's text has 4 decimals; rounding
 * that again could differ in the last decimal (128,71495… → "128.7150" → 128,72 instead of
 * 128,71). Populations are whole or halves; anything else keeps the server's figure.
 */
function perInhabitantExact(row: TableRow): string | null {
  const p = row.population;
  if (p === null || !(p > 0) || !Number.isInteger(p * 2)) return null;
  const population = Number.isInteger(p) ? Q.fromInteger(p) : Q.rational(BigInt(p * 2), 2n);
  return Q.toDecimalString(perInhabitantKr(row.amounts.total, population), 2).replace(',', '.');
}
