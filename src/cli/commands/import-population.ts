import { readFolk1aFile } from '../../app/population/index.ts';
import { loadRegister, registerYears } from '../../app/register/index.ts';
import type { OutputTable } from '../../infra/export/table-output.ts';
import { type Command, FORMAT_HELP } from '../command.ts';
import { DomainError } from '../../core/errors.ts';

export const importPopulationCommand: Command = {
  name: 'import-population',
  help: `Brug: klynge import-population FIL.csv

Læser en FOLK1A-udtrækning fra Statistikbanken (CSV med ; og evt. BOM; områder som "101 København"
eller "København"; kvartal som 2022K1) og kontrollerer den: ukendte, manglende og dobbelte kommuner
og tal, der ikke er tal. Ved fejl nævnes linjen, og intet indlæses.

${FORMAT_HELP}`,
  options: {},
  maxPositionals: 1,
  run: (args) => {
    const file = args.positionals[0];
    if (file === undefined) throw new DomainError('cli.missing-file', 'import-population mangler filen (klynge import-population FIL.csv).');
    const years = registerYears();
    const latest = years[years.length - 1];
    if (latest === undefined) throw new DomainError('cli.no-register', 'Der er intet register.');
    const table = readFolk1aFile(file, loadRegister(latest).municipalities);
    const names = new Map(loadRegister(latest).municipalities.map((m) => [m.code, m.name]));
    const entries = [...table.byMunicipality.entries()].sort(([a], [b]) => a.localeCompare(b));
    const total = entries.reduce((s, [, n]) => s + n, 0);
    const out: OutputTable = {
      title: `Indbyggertal ${table.period}`,
      columns: [
        { key: 'code', label: 'Kommunekode', type: 'text' },
        { key: 'name', label: 'Kommune', type: 'text' },
        { key: 'population', label: 'Indbyggere', type: 'integer' },
      ],
      rows: [
        ...entries.map(([code, population]) => ({ kind: 'detail' as const, values: { code, name: names.get(code) ?? '', population } })),
        { kind: 'total' as const, values: { code: 'I alt', name: `${String(entries.length)} kommuner`, population: total } },
      ],
    };
    return Promise.resolve({
      tables: [out],
      json: { period: table.period, source: table.source, municipalities: entries.length, total, populations: entries.map(([code, population]) => ({ code, name: names.get(code) ?? '', population })) },
      summary: `${String(entries.length)} kommuner, ${String(total)} indbyggere i alt (${table.period}). Filen er gyldig.`,
    });
  },
};
