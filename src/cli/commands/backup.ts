import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { DomainError, isDomainError, NotFoundError } from '../../core/errors.ts';
import { InfrastructureError, isInfrastructureError } from '../../infra/errors.ts';
import type { OutputTable } from '../../infra/export/table-output.ts';
import { databaseOptionsFromEnv, openDatabase, redactUrl } from '../../infra/db/database.ts';
import { recordChange, SYSTEM_ACTOR } from '../../infra/audit/audit.ts';
import { LOCK_FILE, lockDataDir, type DataDirLock } from '../../infra/db/lock.ts';
import { type ParsedArgs, requiredString, stringOption } from '../args.ts';
import type { Command, CommandResult } from '../command.ts';

/**
 * `klynge backup` and `klynge restore` for the embedded database (PGlite in a data folder).
 * A server database (DATABASE_URL) is backed up with PostgreSQL's own pg_dump/pg_restore.
 */

/** Every PostgreSQL data folder has this file; its presence is what "holds a database" means here. */
const PG_VERSION = 'PG_VERSION';

const COMMON_HELP = `Fælles tilvalg:
  --data-dir MAPPE     databasemappen (standard: KLYNGE_DATA_DIR eller ./data)
  --format table|json  uddata-format for kvitteringen (standard: table)
  -h, --help           vis denne hjælp

Med DATABASE_URL kører Klynge på en PostgreSQL-server; den sikres med PostgreSQLs egne
pg_dump og pg_restore, og kommandoen afvises.`;

/**
 * The folder to work on, chosen like `klynge seed` and the server choose it: DATABASE_URL wins
 * (a server database, refused here), then --data-dir, then KLYNGE_DATA_DIR, then ./data.
 */
function embeddedDataDir(args: ParsedArgs, command: 'backup' | 'restore'): string {
  const explicit = stringOption(args, 'data-dir');
  if (explicit?.trim() === '') throw new DomainError('cli.missing-option', `--data-dir skal have en mappe; se klynge ${command} --help.`);
  const opts = databaseOptionsFromEnv(explicit === undefined ? process.env : { ...process.env, KLYNGE_DATA_DIR: explicit });
  switch (opts.kind) {
    case 'server':
      throw new DomainError(
        'cli.server-database',
        command === 'backup'
          ? `DATABASE_URL peger på en PostgreSQL-server (${redactUrl(opts.url)}); tag sikkerhedskopien med PostgreSQLs eget værktøj, fx pg_dump --format=custom --file=klynge.dump "$DATABASE_URL".`
          : `DATABASE_URL peger på en PostgreSQL-server (${redactUrl(opts.url)}); gendan med PostgreSQLs eget værktøj, fx pg_restore --clean --if-exists --dbname="$DATABASE_URL" klynge.dump.`,
      );
    case 'embedded':
      return opts.dataDir;
    case 'memory':
      throw new DomainError('cli.no-data-dir', `Der er ingen databasemappe; angiv --data-dir; se klynge ${command} --help.`);
  }
}

/** The folder lock, with a message that says why it matters for this command. */
async function lockForCommand(dataDir: string, what: string): Promise<DataDirLock> {
  try {
    return await lockDataDir(dataDir);
  } catch (e) {
    const { pid, host, since } = isInfrastructureError(e) ? e.details : {};
    if (isInfrastructureError(e) && e.code === 'database.locked' && typeof pid === 'number') {
      const where = typeof host === 'string' && host !== '' ? ` på ${host}` : '';
      const when = typeof since === 'string' && since !== '' ? ` (siden ${since})` : '';
      throw new InfrastructureError(
        'database.locked',
        `Databasemappen ${dataDir} er i brug af proces ${pid}${where}${when}; ` +
          `${what} kræver, at ingen anden proces har databasen åben. Stop Klynge-serveren, og prøv igen.`,
        e.details,
      );
    }
    throw e;
  }
}

function fileErrorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : e instanceof Error ? e.message : String(e);
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function receipt(title: string, rows: Record<string, string | number>, columns: OutputTable['columns']): OutputTable {
  return { title, columns, rows: [{ kind: 'detail', values: rows }] };
}

export const backupCommand: Command = {
  name: 'backup',
  help: `Brug: klynge backup [--data-dir MAPPE] --to FIL.tar.gz

Skriver en sammenhængende sikkerhedskopi af den indlejrede database (PGlite) i MAPPE til FIL.tar.gz.
Mappen låses imens; kører Klynge-serveren på mappen, afvises kommandoen — stop serveren først.
En eksisterende FIL erstattes først, når den nye kopi er skrevet helt.
Gendan med: klynge restore --data-dir MAPPE --from FIL.tar.gz

  --to FIL.tar.gz      hvor sikkerhedskopien skrives (--out bruges ikke her: det er til rapporter)

${COMMON_HELP}`,
  options: { 'data-dir': { type: 'string' }, to: { type: 'string' } },
  maxPositionals: 0,
  run: async (args): Promise<CommandResult> => {
    // main writes a command's report to --out afterwards, which would overwrite the backup.
    if (stringOption(args, 'out') !== undefined) {
      throw new DomainError('cli.backup-out', 'klynge backup skriver sikkerhedskopien med --to FIL.tar.gz (ikke --out).');
    }
    const dataDir = embeddedDataDir(args, 'backup');
    const to = requiredString(args, 'to', 'backup');
    if (!existsSync(join(dataDir, PG_VERSION))) {
      throw new DomainError('backup.no-database', `Mappen ${dataDir} indeholder ingen Klynge-database; angiv den rigtige mappe med --data-dir.`);
    }
    if (!existsSync(dirname(resolve(to)))) throw new NotFoundError('cli.file-not-found', `Mappen til "${to}" findes ikke.`);
    // A backup inside the folder would be copied into every later backup.
    if (isInside(dataDir, to)) throw new DomainError('backup.inside-data-dir', `Sikkerhedskopien må ikke ligge i databasemappen ${dataDir}; vælg en fil uden for den.`);

    const lock = await lockForCommand(dataDir, 'En sikkerhedskopi');
    let bytes: Uint8Array;
    try {
      const pglite = await PGlite.create(dataDir);
      try {
        // Everything on disk in the data files, so a restore starts without replaying WAL.
        await pglite.exec('CHECKPOINT');
        bytes = new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
      } finally {
        await pglite.close();
      }
    } finally {
      lock.release();
    }

    // Written next to the target and renamed, so an interrupted backup never looks like a whole one.
    const temp = `${to}.${String(process.pid)}.tmp`;
    try {
      // Only the owner may read it: a backup holds password hashes and the audit trail.
      writeFileSync(temp, bytes, { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, to);
    } catch (e) {
      rmSync(temp, { force: true });
      throw new DomainError('cli.file', `Sikkerhedskopien kan ikke skrives til "${to}" (${fileErrorCode(e)}).`);
    }
    return {
      tables: [
        receipt('Sikkerhedskopi', { dataDir, file: to, bytes: bytes.length }, [
          { key: 'dataDir', label: 'Databasemappe', type: 'text' },
          { key: 'file', label: 'Fil', type: 'text' },
          { key: 'bytes', label: 'Størrelse (byte)', type: 'integer' },
        ]),
      ],
      json: { dataDir, file: to, bytes: bytes.length },
      summary: `Sikkerhedskopien af ${dataDir} er skrevet til ${to}.`,
    };
  },
};

/** The entry names of an uncompressed tar archive (ustar or old-style headers). */
function tarEntryNames(tar: Uint8Array): string[] {
  const text = (from: number, length: number): string => {
    const field = tar.subarray(from, from + length);
    const end = field.indexOf(0);
    return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
  };
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    if (tar.subarray(offset, offset + 512).every((b) => b === 0)) break;
    const prefix = text(offset + 257, 6).startsWith('ustar') ? text(offset + 345, 155) : '';
    const name = text(offset, 100);
    const size = Number.parseInt(text(offset + 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) break;
    names.push((prefix ? `${prefix}/${name}` : name).replace(/^(\.?\/)+/, ''));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

/**
 * Reads a backup and checks that it is a PostgreSQL data folder before PGlite sees it: PGlite's
 * own decompression reports a damaged file as an uncaught error that would end the process.
 */
function readBackup(from: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(from);
  } catch (e) {
    const code = fileErrorCode(e);
    if (code === 'ENOENT') throw new NotFoundError('cli.file-not-found', `Filen "${from}" findes ikke.`);
    if (code === 'EISDIR') throw new DomainError('cli.file-is-directory', `"${from}" er en mappe, ikke en fil.`);
    throw new DomainError('cli.file', `Filen "${from}" kan ikke læses (${code}).`);
  }
  const invalid = (): DomainError => new DomainError('restore.invalid-backup', `Filen "${from}" er ikke en sikkerhedskopi fra klynge backup.`);
  let tar: Uint8Array;
  try {
    tar = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  } catch {
    throw invalid();
  }
  if (!tarEntryNames(tar).includes(PG_VERSION)) throw invalid();
  return tar;
}

/** What the folder holds, ignoring a (stale or our own) lock file; [] when it does not exist. */
function folderEntries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new DomainError('restore.not-a-folder', `"${dir}" er en fil, ikke en mappe.`);
  return readdirSync(dir).filter((e) => e !== LOCK_FILE);
}

/** A fresh hidden folder next to `dir` (same file system, so renames are cheap and atomic). */
function siblingFolder(dir: string, label: string): string {
  const abs = resolve(dir);
  return mkdtempSync(join(dirname(abs), `.${basename(abs)}.${label}-`));
}

/**
 * Moves the restored files from `staging` into `dataDir` (whose lock we hold, so the lock file
 * stays), putting the old files aside first and back again if anything fails halfway.
 */
function moveIntoPlace(staging: string, dataDir: string): void {
  const old = folderEntries(dataDir);
  const aside = old.length > 0 ? siblingFolder(dataDir, 'gammel') : null;
  const movedAside: string[] = [];
  const movedIn: string[] = [];
  try {
    for (const e of old) {
      renameSync(join(dataDir, e), join(aside as string, e));
      movedAside.push(e);
    }
    for (const e of readdirSync(staging)) {
      renameSync(join(staging, e), join(dataDir, e));
      movedIn.push(e);
    }
  } catch (e) {
    for (const m of movedIn) rmSync(join(dataDir, m), { recursive: true, force: true });
    for (const m of movedAside) renameSync(join(aside as string, m), join(dataDir, m));
    if (aside) rmSync(aside, { recursive: true, force: true });
    throw new DomainError('restore.move', `Den gendannede database kunne ikke flyttes ind i ${dataDir} (${fileErrorCode(e)}); mappen er uændret.`);
  }
  if (aside) rmSync(aside, { recursive: true, force: true });
}

export const restoreCommand: Command = {
  name: 'restore',
  help: `Brug: klynge restore [--data-dir MAPPE] --from FIL.tar.gz [--replace]

Opretter databasen i MAPPE fra en sikkerhedskopi lavet med klynge backup og kontrollerer den
(migrationerne skal passe til denne version af Klynge; manglende migrationer køres).
Indeholder MAPPE allerede en database, afvises kommandoen, og intet ændres — medmindre --replace
er angivet; så slettes den nuværende database og erstattes af sikkerhedskopien. Klynge-serveren må
ikke køre på mappen imens.

  --from FIL.tar.gz    sikkerhedskopien, der gendannes fra
  --replace            erstat en eksisterende database i MAPPE (den slettes)
  --keep-sessions      behold sessionerne fra sikkerhedskopien; uden dette tilvalg afsluttes
                       alle sessioner, så ingen er logget ind på den gendannede database med en
                       gammel cookie (og det skrives i revisionssporet)

${COMMON_HELP}`,
  options: { 'data-dir': { type: 'string' }, from: { type: 'string' }, replace: { type: 'boolean' }, 'keep-sessions': { type: 'boolean' } },
  maxPositionals: 0,
  run: async (args): Promise<CommandResult> => {
    const dataDir = embeddedDataDir(args, 'restore');
    const from = requiredString(args, 'from', 'restore');
    const replace = args.values['replace'] === true;
    const keepSessions = args.values['keep-sessions'] === true;
    const tar = readBackup(from);

    // Refused before anything is touched.
    const existing = folderEntries(dataDir);
    const hasDatabase = existing.includes(PG_VERSION);
    if (hasDatabase && !replace) {
      throw new DomainError('restore.database-exists', `Mappen ${dataDir} indeholder allerede en database; intet er ændret. Angiv --replace for at erstatte den (den nuværende database slettes).`);
    }
    if (!hasDatabase && existing.length > 0) {
      // Not ours to delete: --replace only ever replaces a database.
      throw new DomainError('restore.folder-not-empty', `Mappen ${dataDir} er ikke tom og indeholder ingen Klynge-database; vælg en tom eller ny mappe.`);
    }

    const createdFolder = !existsSync(dataDir);
    const lock = await lockForCommand(dataDir, 'En gendannelse');
    let staging: string | undefined;
    let restored = false;
    try {
      staging = siblingFolder(dataDir, 'gendan');
      try {
        const pglite = await PGlite.create(staging, { loadDataDir: new Blob([new Uint8Array(tar)]) });
        await pglite.close();
      } catch (e) {
        throw new DomainError('restore.invalid-backup', `Sikkerhedskopien "${from}" kan ikke indlæses (${e instanceof Error ? e.message : String(e)}).`);
      }
      // The backup carries the lock of the process that made it; it means nothing here.
      rmSync(join(staging, LOCK_FILE), { force: true });
      // The same checks the server makes at start: the migration history must match this version.
      try {
        const check = await openDatabase({ kind: 'embedded', dataDir: staging });
        try {
          if (!keepSessions) {
            const ended = await check.kysely.deleteFrom('sessions').executeTakeFirst();
            await recordChange(check.kysely, SYSTEM_ACTOR, { action: 'restore.sessions-ended', entity: 'database', entityId: basename(from), before: null, after: { sessionsEnded: Number(ended.numDeletedRows) } });
          }
        } finally {
          await check.close();
        }
      } catch (e) {
        if (!isDomainError(e) && !isInfrastructureError(e)) throw e;
        throw new InfrastructureError(e.code, `Sikkerhedskopien "${from}" passer ikke til denne version af Klynge; intet er ændret. ${e.message}`, e.details);
      }
      moveIntoPlace(staging, dataDir);
      restored = true;
    } finally {
      if (staging !== undefined) rmSync(staging, { recursive: true, force: true });
      lock.release();
      // A refused restore leaves no empty folder behind where there was none.
      if (!restored && createdFolder) rmSync(dataDir, { recursive: true, force: true });
    }
    return {
      tables: [
        receipt('Gendannelse', { dataDir, from, replaced: hasDatabase ? 'ja' : 'nej' }, [
          { key: 'dataDir', label: 'Databasemappe', type: 'text' },
          { key: 'from', label: 'Fra fil', type: 'text' },
          { key: 'replaced', label: 'Erstattede en database', type: 'text' },
        ]),
      ],
      json: { dataDir, from, replaced: hasDatabase },
      summary: hasDatabase ? `Databasen i ${dataDir} er erstattet af sikkerhedskopien ${from}.` : `Databasen i ${dataDir} er gendannet fra ${from}.`,
    };
  },
};
