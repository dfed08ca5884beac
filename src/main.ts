/**
 * `npm start` (bin/server.mjs): Klynge on the embedded database in KLYNGE_DATA_DIR (default
 * ./data) or on the PostgreSQL server in DATABASE_URL. Configuration by environment — see
 * docs/CONFIGURATION.md.
 */
import { oidcSettingsFromEnv } from './infra/auth/oidc.ts';
import { openForStart } from './http/start-database.ts';

const env = process.env;
const port = env['PORT'] ? Number(env['PORT']) : 3000;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fejl: PORT skal være et portnummer (fik ${env['PORT'] ?? ''})`);
  process.exit(2);
}
const databaseUrl = env['DATABASE_URL']?.trim();

try {
  const databaseOpts = {
    ...(databaseUrl ? { databaseUrl } : { dataDir: env['KLYNGE_DATA_DIR']?.trim() || 'data' }),
    ...(env['KLYNGE_ADMIN_PASSWORD'] ? { adminPassword: env['KLYNGE_ADMIN_PASSWORD'] } : {}),
    snapshot: true,
  };
  // The database starts opening (on a first start: the snapshot copied in a worker thread) while
  // Fastify, the routes and the rest of the HTTP app are loaded.
  const opening = openForStart(databaseOpts);
  // One turn of the event loop first: the data folder's lock is taken and a snapshot copy (in a
  // worker thread) started before loading the modules holds this thread for a while.
  await new Promise((resolve) => setImmediate(resolve));
  const [{ startServer }, { defaultLogger }] = await Promise.all([import('./http/server.ts'), import('./http/app.ts')]);
  const server = await startServer({
    ...databaseOpts,
    opening,
    port,
    host: env['HOST']?.trim() || 'localhost',
    oidc: oidcSettingsFromEnv(env),
    logger: defaultLogger(),
    insecureCookies: env['KLYNGE_INSECURE_COOKIES'] === '1',
  });
  if (server.generatedAdminPassword !== null) {
    // Printed once, to the terminal only (never to the log): it is not stored anywhere in clear text.
    process.stdout.write(
      `\nFørste administrator oprettet.\n  brugernavn: admin\n  adgangskode: ${server.generatedAdminPassword}\n` +
        `Gem adgangskoden nu; den vises ikke igen. (Sæt KLYNGE_ADMIN_PASSWORD for selv at vælge den.)\n\n`,
    );
  }
  if (server.seed?.seeded) {
    const s = server.seed;
    process.stdout.write(
      `Referencedata indlæst: register ${s.years.join(', ')}; befolkning ${s.populationPeriods.join(', ')}; fordeling beregnet for ${s.allocationRuns.join(', ') || 'ingen år'}.\n` +
        s.pending.map((p) => `  ${String(p.year)}: ${p.reason}\n`).join(''),
    );
  }
  process.stdout.write(`Klynge kører på ${server.url.replace('127.0.0.1', 'localhost')} (database: ${server.database.location})\n`);
  // The audit chain is checked in the background after start (the check failing is in the log).
  server.audit.then(
    (audit) => {
      if (!audit.ok) {
        process.stderr.write(
          `\nADVARSEL: revisionssporets hashkæde er brudt: ${audit.firstBroken?.reason ?? ''}\n` +
            `Nogen har ændret databasen uden om Klynge. Klynge kører videre; undersøg det med "klynge audit verify".\n\n`,
        );
      }
    },
    () => {},
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`fejl: ${message}`);
  process.exit(2);
}
