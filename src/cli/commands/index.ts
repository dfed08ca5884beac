import type { Command } from '../command.ts';

/**
 * A command as `klynge --help` lists it. Its module — and what that imports: the database, the
 * services, ExcelJS — is loaded only when the command runs or shows its own help, so `klynge
 * --help` loads none of them.
 */
export interface CommandEntry {
  readonly name: string;
  /** One Danish line for `klynge --help`. */
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/** The `klynge` commands, in the order `klynge --help` lists them. */
export const commands: readonly CommandEntry[] = [
  { name: 'allocation', summary: 'årets fordeling af de fælles midler (Bilag 1, Tabel 1)', load: async () => (await import('./allocation.ts')).allocationCommand },
  { name: 'distribute', summary: 'fordel et beløb efter en fordelingsnøgle (CSV med party,basis)', load: async () => (await import('./distribute.ts')).distributeCommand },
  { name: 'check-table', summary: 'kontrollér en publiceret fordelingstabel (som Bilag 1, Tabel 1)', load: async () => (await import('./check-table.ts')).checkTableCommand },
  { name: 'settle', summary: 'afregning af en indsats: indtægt, udgift, nettorammepåvirkning og konteringslinjer', load: async () => (await import('./settle.ts')).settleCommand },
  { name: 'import-population', summary: 'læs og kontrollér en FOLK1A-fil fra Danmarks Statistik (indbyggertal pr. kommune)', load: async () => (await import('./import-population.ts')).importPopulationCommand },
  { name: 'seed', summary: 'indlæs register, befolkning og fordeling 2022/2023 fra referencedata i en tom database', load: async () => (await import('./seed.ts')).seedCommand },
  { name: 'backup', summary: 'tag en sikkerhedskopi af den indlejrede database (en .tar.gz-fil)', load: async () => (await import('./backup.ts')).backupCommand },
  { name: 'restore', summary: 'gendan den indlejrede database fra en sikkerhedskopi (klynge backup)', load: async () => (await import('./backup.ts')).restoreCommand },
  { name: 'audit', summary: 'kontrollér revisionssporets hashkæde (klynge audit verify)', load: async () => (await import('./audit.ts')).auditCommand },
];
