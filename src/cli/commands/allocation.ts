import { allocationForYear, allocationToJson } from '../../app/allocation/index.ts';
import { DomainError } from '../../core/errors.ts';
import * as Q from '../../core/rational.ts';
import type { OutputRow, OutputTable } from '../../infra/export/table-output.ts';
import { requiredString, stringOption } from '../args.ts';
import { type Command, FORMAT_HELP } from '../command.ts';
import { parseUnit } from './distribute.ts';

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text.trim())) throw new DomainError('cli.year', `"${text}" er ikke et årstal (fx 2022).`);
  return Number(text.trim());
}

/** kr. per inhabitant with two decimals, as text (a display of an exact quotient, not money). */
const perInhabitant = (q: Q.Rational): string => Q.toDecimalString(q, 2);

export const allocationCommand: Command = {
  name: 'allocation',
  help: `Brug: klynge allocation --year ÅR [--population FIL] [--regional-key FIL] [--unit krone|øre]

Fordeler årets fælles midler på regioner og klynger: kommunernes del efter indbyggertal (samme beløb
pr. indbygger i alle bidragende kommuner), regionernes del efter regionsnøglen og derefter klyngernes
indbyggertal. Hver række og kolonne går præcist op.
  --year ÅR            fx 2022 (registre findes for 2022 og 2023)
  --population FIL     en FOLK1A-fil fra Danmarks Statistik i stedet for de medfølgende tal
  --regional-key FIL   regionsnøgle som CSV (region,amount eller region,share)
  --population-period KVARTAL  brug et andet befolkningskvartal end modellens (fx 2020K1); registreres i kørslen
  --unit ENHED         krone (standard; som Tabel 1) eller øre

${FORMAT_HELP}`,
  options: { year: { type: 'string' }, population: { type: 'string' }, 'regional-key': { type: 'string' }, 'population-period': { type: 'string' }, unit: { type: 'string' } },
  maxPositionals: 0,
  run: (args) => {
    const year = parseYear(requiredString(args, 'year', 'allocation'));
    const populationFile = stringOption(args, 'population');
    const regionalKeyFile = stringOption(args, 'regional-key');
    const populationPeriod = stringOption(args, 'population-period');
    const unit = parseUnit(stringOption(args, 'unit'), 'krone');
    const run = allocationForYear(year, {
      unit,
      ...(populationFile !== undefined ? { populationFile } : {}),
      ...(regionalKeyFile !== undefined ? { regionalKeyFile } : {}),
      ...(populationPeriod !== undefined ? { populationPeriod } : {}),
    });
    const r = run.result;
    const rows: OutputRow[] = [];
    for (const region of r.regions) {
      rows.push({
        kind: 'subtotal',
        group: region.name,
        values: {
          name: region.name,
          population: Q.toNumber(region.population),
          municipal: region.municipal,
          regional: region.regional,
          total: region.total,
          municipalPerInhabitant: perInhabitant(region.municipalPerInhabitant),
          regionalPerInhabitant: perInhabitant(region.regionalPerInhabitant),
        },
      });
      for (const c of region.clusters) {
        rows.push({
          kind: 'detail',
          group: region.name,
          values: {
            name: c.name,
            population: Q.toNumber(c.population),
            municipal: c.municipal,
            regional: c.regional,
            total: c.total,
            municipalPerInhabitant: perInhabitant(c.municipalPerInhabitant),
            regionalPerInhabitant: perInhabitant(c.regionalPerInhabitant),
          },
        });
      }
    }
    rows.push({
      kind: 'total',
      values: { name: 'Total', population: null, municipal: r.municipalTotal, regional: r.regionalTotal, total: r.total, municipalPerInhabitant: null, regionalPerInhabitant: null },
    });
    const table: OutputTable = {
      title: `Fordeling af fælles midler ${String(year)}`,
      wholeKroner: unit === 'krone',
      columns: [
        { key: 'name', label: 'Klynge/Region', type: 'text' },
        { key: 'population', label: 'Indbyggere', type: 'number' },
        { key: 'municipal', label: 'Kommuner', type: 'ore' },
        { key: 'regional', label: 'Region', type: 'ore' },
        { key: 'total', label: 'I alt', type: 'ore', sumOf: ['municipal', 'regional'] },
        { key: 'municipalPerInhabitant', label: 'Kommuner kr. pr. indb.', type: 'text' },
        { key: 'regionalPerInhabitant', label: 'Region kr. pr. indb.', type: 'text' },
      ],
      rows,
      notes: [
        `Befolkning: ${run.inputs.population.period}; ${String(run.inputs.clusterPopulationSources.filter((s) => s.kind === 'cluster-level').length)} klynger efter klyngetal (${run.inputs.population.clusterLevelSource}).`,
        `Regionsnøgle: ${run.inputs.model.regionalKey.source}${run.inputs.model.regionalKey.assumption ? ' (antagelse)' : ''}.`,
      ],
    };
    return Promise.resolve({ tables: [table], json: allocationToJson(run) });
  },
};
