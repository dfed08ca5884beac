import type { Command } from '../command.ts';
import { allocationCommand } from './allocation.ts';
import { auditCommand } from './audit.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { checkTableCommand } from './check-table.ts';
import { importPopulationCommand } from './import-population.ts';
import { distributeCommand } from './distribute.ts';
import { seedCommand } from './seed.ts';
import { settleCommand } from './settle.ts';

/** The `klynge` commands, in the order `klynge --help` lists them. */
export const commands: readonly Command[] = [allocationCommand, distributeCommand, checkTableCommand, settleCommand, importPopulationCommand, seedCommand, backupCommand, restoreCommand, auditCommand];
