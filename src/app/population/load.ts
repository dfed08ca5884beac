import { decodeText } from '../../core/text-encoding.ts';
import { readFileSync } from 'node:fs';
import { DomainError } from '../../core/errors.ts';
import type { ClusterId, Municipality, MunicipalityCode } from '../../core/register.ts';
import { readTable, referenceInteger, yearManifest } from '../register/index.ts';
import { parseFolk1a, type PopulationTable } from './folk1a.ts';

/** Reads and validates a StatBank FOLK1A download from disk (nothing is imported on error). */
export function readFolk1aFile(path: string, municipalities: readonly Municipality[]): PopulationTable {
  let text: string;
  try {
    text = decodeText(readFileSync(path)).text;
  } catch {
    throw new DomainError('population.file-unreadable', `Befolkningsfilen ${path} kan ikke læses.`, { path });
  }
  return parseFolk1a(text, municipalities, { sourceLabel: `Danmarks Statistik, Statistikbanken FOLK1A (fil: ${path})` });
}

/** A municipal population figure bundled in reference/, with its own source. */
export interface BundledMunicipalFigure {
  readonly code: MunicipalityCode;
  readonly population: number;
  readonly source: string;
}

/**
 * The population data the repository carries for a year: municipal figures that could be found
 * (incomplete for 2022K1: 48 of 98, each with its source) and each cluster's population as
 * implied by Bilag 1 Tabel 1 (back-computed from the published table, not an official statistic).
 */
export interface BundledPopulation {
  readonly period: string;
  readonly municipal: readonly BundledMunicipalFigure[];
  readonly municipalFile: string;
  readonly clusterLevel: ReadonlyMap<ClusterId, number>;
  readonly clusterLevelFile: string;
}

export function bundledPopulation(year: number): BundledPopulation | null {
  const m = yearManifest(year);
  if (!m.bundledPopulation) return null;
  const { municipal: municipalFile, clusterLevel: clusterFile } = m.bundledPopulation;
  const municipal = readTable(municipalFile).map(({ line, row }) => ({
    code: row['code'] ?? '',
    population: referenceInteger(municipalFile, line, row['population'] ?? ''),
    source: row['source'] ?? '',
  }));
  const clusterLevel = new Map(
    readTable(clusterFile).map(({ line, row }) => [row['cluster'] ?? '', referenceInteger(clusterFile, line, row['implied_population'] ?? '')]),
  );
  return { period: m.model.populationPeriod, municipal, municipalFile, clusterLevel, clusterLevelFile: clusterFile };
}
