import { DomainError } from '../../core/errors.ts';
import { verifyAuditChain } from '../../infra/audit/chain.ts';
import { databaseOptionsFromEnv, openDatabase } from '../../infra/db/database.ts';
import { stringOption } from '../args.ts';
import { type Command, FORMAT_HELP } from '../command.ts';

export const auditCommand: Command = {
  name: 'audit',
  help: `Brug: klynge audit verify [--data-dir MAPPE]

Genberegner hashkæden over revisionssporet i den rækkefølge, rækkerne blev gemt, og melder den
første række, der er ændret, slettet eller skrevet uden om Klynge (fx med en udløser slået fra).
Skriver også kædens sidste hash; gem den et andet sted for senere at kunne se, om hele kæden er
skrevet om.
  --data-dir MAPPE   den indlejrede database (standard: KLYNGE_DATA_DIR eller ./data);
                     med DATABASE_URL bruges PostgreSQL-serveren i stedet
Slutkode: 0 kæden er hel, 1 kæden er brudt, 2 fejl.

${FORMAT_HELP}`,
  options: { 'data-dir': { type: 'string' } },
  maxPositionals: 1,
  run: async (args) => {
    if (args.positionals[0] !== 'verify') throw new DomainError('cli.unknown-subcommand', '"klynge audit" kender kun "verify"; se klynge audit --help.');
    const dataDir = stringOption(args, 'data-dir');
    const env = dataDir === undefined ? process.env : { ...process.env, KLYNGE_DATA_DIR: dataDir };
    const database = await openDatabase(databaseOptionsFromEnv(env));
    try {
      const result = await verifyAuditChain(database.kysely);
      const broken = result.firstBroken;
      return {
        tables: [
          {
            title: result.ok ? `Revisionssporet i ${database.location} er helt` : `Revisionssporet i ${database.location} er BRUDT`,
            columns: [
              { key: 'what', label: 'Hvad', type: 'text' },
              { key: 'value', label: 'Værdi', type: 'text' },
            ],
            rows: [
              { kind: 'detail', values: { what: 'Kontrollerede led', value: String(result.links) } },
              { kind: 'detail', values: { what: result.ok ? 'Sidste hash' : 'Sidste hele leds hash', value: result.head } },
              ...(broken
                ? [
                    { kind: 'detail' as const, values: { what: 'Første brud, række', value: broken.auditId === null ? '(mangler)' : String(broken.auditId) } },
                    { kind: 'detail' as const, values: { what: 'Første brud, led', value: broken.seq === null ? '(intet led)' : String(broken.seq) } },
                    { kind: 'detail' as const, values: { what: 'Årsag', value: broken.reason } },
                  ]
                : []),
            ],
          },
        ],
        json: result,
        exitCode: result.ok ? 0 : 1,
      };
    } finally {
      await database.close();
    }
  },
};
