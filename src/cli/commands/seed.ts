import { databaseOptionsFromEnv, openDatabase } from '../../infra/db/database.ts';
import { seedDatabase } from '../../app/seed.ts';
import { stringOption } from '../args.ts';
import { type Command, FORMAT_HELP } from '../command.ts';

export const seedCommand: Command = {
  name: 'seed',
  help: `Brug: klynge seed [--data-dir MAPPE]

Indlæser regioner, kommuner, klynger og medlemskaber for hvert år i reference/years.json, årets
fordelingsmodel, de medfølgende befolkningstal og den første fordelingskørsel for hvert år, hvis
befolkningstal findes. Alt i én transaktion, og kun i en database uden register (ændrer aldrig
eksisterende data). \`npm start\` gør det samme ved første start.
  --data-dir MAPPE   den indlejrede database (standard: KLYNGE_DATA_DIR eller ./data);
                     med DATABASE_URL bruges PostgreSQL-serveren i stedet

${FORMAT_HELP}`,
  options: { 'data-dir': { type: 'string' } },
  maxPositionals: 0,
  run: async (args) => {
    const dataDir = stringOption(args, 'data-dir');
    const env = dataDir === undefined ? process.env : { ...process.env, KLYNGE_DATA_DIR: dataDir };
    const database = await openDatabase(databaseOptionsFromEnv(env));
    try {
      const report = await seedDatabase(database.kysely);
      return {
        tables: [
          {
            title: report.seeded ? `Referencedata indlæst i ${database.location}` : `Databasen ${database.location} har allerede et register; intet er ændret`,
            columns: [
              { key: 'what', label: 'Hvad', type: 'text' },
              { key: 'value', label: 'Indhold', type: 'text' },
            ],
            rows: report.seeded
              ? [
                  { kind: 'detail', values: { what: 'Register', value: report.years.join(', ') } },
                  { kind: 'detail', values: { what: 'Befolkning', value: report.populationPeriods.join(', ') } },
                  { kind: 'detail', values: { what: 'Fordeling beregnet', value: report.allocationRuns.join(', ') } },
                  ...report.pending.map((p) => ({ kind: 'detail' as const, values: { what: `Fordeling ${String(p.year)}`, value: `venter: ${p.reason}` } })),
                ]
              : [],
          },
        ],
        json: report,
      };
    } finally {
      await database.close();
    }
  },
};
