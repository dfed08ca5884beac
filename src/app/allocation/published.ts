import { DomainError } from '../../core/errors.ts';
import { readTable, referenceInteger } from '../register/index.ts';
import type { AllocationRun } from './service.ts';

/** A row of a published allocation table (Bilag 1, Tabel 1), in whole kroner. */
export interface PublishedRow {
  readonly level: 'region' | 'cluster' | 'total';
  /** Region code or cluster id ('' for the total row). */
  readonly id: string;
  readonly name: string;
  readonly municipalKr: number;
  readonly regionalKr: number;
  readonly totalKr: number;
  readonly note: string;
}

const PUBLISHED: Readonly<Record<number, string>> = { 2022: 'published/bilag1-tabel1-2022.csv' };

/** The published Tabel 1 of a year as transcribed in reference/published/ (2022 only). */
export function publishedTabel1(year: number): PublishedRow[] {
  const file = PUBLISHED[year];
  if (file === undefined) throw new DomainError('published.unknown-year', `Der er ingen offentliggjort Tabel 1 for ${String(year)}.`);
  return readTable(file).map(({ line, row }) => {
    const level = row['level'];
    if (level !== 'region' && level !== 'cluster' && level !== 'total') {
      throw new DomainError('register.bad-row', `${file}, linje ${String(line)}: ukendt niveau "${level ?? ''}".`);
    }
    return {
      level,
      id: row['id'] ?? '',
      name: row['name'] ?? '',
      municipalKr: referenceInteger(file, line, row['kommuner'] ?? ''),
      regionalKr: referenceInteger(file, line, row['region'] ?? ''),
      totalKr: referenceInteger(file, line, row['i_alt'] ?? ''),
      note: row['note'] ?? '',
    };
  });
}

/** One cluster's or region's computed amounts against the published ones (kroner; deviation = ours − published). */
export interface Tabel1Deviation {
  readonly level: 'region' | 'cluster';
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly populationSource: 'municipal' | 'cluster-level' | 'mixed';
  readonly municipal: { readonly ours: number; readonly published: number; readonly deviation: number };
  readonly regional: { readonly ours: number; readonly published: number; readonly deviation: number };
}

/** Compares a run with the published Tabel 1 of its year, region by region and cluster by cluster. */
export function compareWithTabel1(run: AllocationRun): Tabel1Deviation[] {
  const published = publishedTabel1(run.result.year);
  const find = (level: 'region' | 'cluster', id: string): PublishedRow => {
    const p = published.find((r) => r.level === level && r.id === id);
    if (!p) throw new DomainError('published.row-missing', `Tabel 1 har ingen række for ${id}.`);
    return p;
  };
  const side = (ours: number, pub: number): Tabel1Deviation['municipal'] => ({ ours: ours / 100, published: pub, deviation: ours / 100 - pub });
  return run.result.regions.flatMap((r): Tabel1Deviation[] => {
    const pr = find('region', r.regionCode);
    const kinds = new Set(r.clusters.map((c) => c.populationSource.kind));
    const regionRow: Tabel1Deviation = {
      level: 'region',
      id: r.regionCode,
      name: r.name,
      region: r.name,
      populationSource: kinds.size === 1 ? (r.clusters[0]?.populationSource.kind ?? 'mixed') : 'mixed',
      municipal: side(r.municipal, pr.municipalKr),
      regional: side(r.regional, pr.regionalKr),
    };
    return [
      regionRow,
      ...r.clusters.map((c): Tabel1Deviation => {
        const pc = find('cluster', c.clusterId);
        return {
          level: 'cluster',
          id: c.clusterId,
          name: c.name,
          region: r.name,
          populationSource: c.populationSource.kind,
          municipal: side(c.municipal, pc.municipalKr),
          regional: side(c.regional, pc.regionalKr),
        };
      }),
    ];
  });
}
