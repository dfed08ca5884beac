import { allocationForYear, allocationResultJson, allocationResultTable, allocationToJson } from '../../app/allocation/index.ts';
import { DomainError } from '../../core/errors.ts';
import { requiredString, stringOption } from '../args.ts';
import { type Command, FORMAT_HELP } from '../command.ts';
import { parseUnit } from './distribute.ts';

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text.trim())) throw new DomainError('cli.year', `"${text}" er ikke et årstal (fx 2022).`);
  return Number(text.trim());
}

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
    // The one allocation table (src/app/allocation/table.ts), from the result as a run would store it.
    const table = allocationResultTable(allocationResultJson(run.result, run.inputs.model), (period) => [
      `Befolkning: ${period}; ${String(run.inputs.clusterPopulationSources.filter((s) => s.kind === 'cluster-level').length)} klynger efter klyngetal (${run.inputs.population.clusterLevelSource}).`,
      `Regionsnøgle: ${run.inputs.model.regionalKey.source}${run.inputs.model.regionalKey.assumption ? ' (antagelse)' : ''}.`,
    ]);
    if (!table) throw new Error('allocationResultJson gave a result the allocation table cannot read');
    return Promise.resolve({ tables: [table], json: allocationToJson(run) });
  },
};
